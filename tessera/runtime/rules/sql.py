"""The condition language compiled to a SQLAlchemy expression (lists, reports, bulk work).

Operand values are normalized through the field's widget first, so ``phone eq "138 0013
8000"`` compares with the stored E.164 form.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from tessera.runtime import clock
from tessera.runtime.rules.conditions import ConditionError
from tessera.widgets import FieldError

_LIKE_ESCAPE = "\\"


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _scalar_ops(col, op: str, value):
    if op == "eq":
        return col.is_(None) if value is None else col == value
    if op == "ne":
        return col.is_(None) | (col != value) if value is not None else col.isnot(None)
    if op in ("lt", "le", "gt", "ge"):
        return {"lt": col < value, "le": col <= value, "gt": col > value, "ge": col >= value}[op]
    if op == "between":
        return col.between(value[0], value[1])
    if op == "before":
        return col < value
    if op == "after":
        return col > value
    if op == "in":
        return col.in_(value)
    if op == "not_in":
        return col.is_(None) | col.not_in(value)
    if op == "contains":
        return col.ilike(f"%{_like(str(value))}%", escape=_LIKE_ESCAPE)
    if op == "contains_any":
        return sa.or_(*[col.ilike(f"%{_like(str(v))}%", escape=_LIKE_ESCAPE) for v in value])
    if op == "starts_with":
        return col.ilike(f"{_like(str(value))}%", escape=_LIKE_ESCAPE)
    raise ConditionError(f"operator {op!r} cannot be used in a list filter yet")


def _days(raw, key: str) -> float:
    if isinstance(raw, bool) or not isinstance(raw, (int, float)) or not 0 <= raw <= 36500:
        raise ConditionError(f"{key!r}: the number of days must be a number from 0 to 36500")
    return float(raw)


def compile_sql(cond: dict | None, form, ctx) -> sa.ColumnElement:
    """A WHERE clause for a condition document over ``form``'s table.

    Raises :class:`ConditionError` for an unknown field/operator and ``FieldError`` (with
    ``.field`` set) for a value the field's widget refuses.

    Example::

        compile_sql({"field": "industry", "op": "in", "value": ["finance"]}, lead_form, ctx)
    """
    if cond is None:
        return sa.true()
    if not isinstance(cond, dict):
        raise ConditionError("a condition must be an object")
    for group, joiner in (("all", sa.and_), ("any", sa.or_)):
        if group in cond:
            if not isinstance(cond[group], list):
                raise ConditionError(f"{group!r} takes a list of conditions")
            return (
                joiner(*[compile_sql(c, form, ctx) for c in cond[group]])
                if cond[group]
                else sa.true()
            )
    if "not" in cond:
        return sa.not_(compile_sql(cond["not"], form, ctx))
    key, op = cond.get("field"), cond.get("op")
    if not isinstance(key, str) or not isinstance(op, str):
        raise ConditionError("a condition needs all, any, not, or field and op")
    if not form.spec.has_field(key):
        raise ConditionError(f"unknown field {key!r}")
    field = form.spec.field(key)
    if op not in field.widget.operators:
        raise ConditionError(
            f"field {key!r} does not support operator {op!r}; "
            f"it supports: {', '.join(field.widget.operators)}"
        )
    col = form.table.c[key]
    if op == "is_empty":
        return col.is_(None)
    if op == "is_not_empty":
        return col.isnot(None)
    raw = cond.get("value")
    if op in ("within_last_days", "more_than_days_ago"):
        since = clock.now() - dt.timedelta(days=_days(raw, key))
        if field.widget.value_type == "date":
            since = since.date()
        return col >= since if op == "within_last_days" else col < since
    if op == "between" and not (isinstance(raw, list) and len(raw) == 2):
        raise ConditionError(f"{key!r}: between needs a list of two values")
    items = raw if isinstance(raw, list) else [raw]
    try:
        if op in ("contains", "starts_with"):
            value = str(raw)
        elif op == "contains_any":
            value = [str(v) for v in items]
        elif op in ("in", "not_in", "between"):
            value = [field.widget.normalize(v, config=field.config, ctx=ctx) for v in items]
        else:
            value = field.widget.normalize(raw, config=field.config, ctx=ctx)
    except FieldError as exc:
        exc.field = key
        raise
    return _scalar_ops(col, op, value)
