"""Compile a condition document once into a :class:`CompiledCondition` holding both its
Python predicate and its SQL builder. Every type error is found here, with a JSON path.

Document shapes (see ``builder/schemas/condition.schema.json``)::

    {"all": [c, …]}   {"any": [c, …]}   {"not": c}
    {"field": k, "op": o, "value": v}          # v may be {"field": other} for eq/ne/lt/…
    {"event": {"type": t, "where": […], "within_days": d}, "at_least": n}
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa

from tessera.conditions.env import utc
from tessera.conditions.event_filter import parse_event_filter
from tessera.conditions.operators import FieldInfo, OperandError, operator_registry
from tessera.registry import UnknownType
from tessera.widgets import WidgetContext

MAX_DEPTH = 12


class ConditionError(ValueError):
    """A condition that cannot be compiled; ``path`` is a JSON pointer into the document.

    Example::

        ConditionError("unknown field 'sise'", path="/all/0/field")
    """

    def __init__(self, message: str, *, path: str = ""):
        super().__init__(f"{path}: {message}" if path else message)
        self.message = message
        self.path = path


@dataclass(frozen=True)
class CompiledCondition:
    """``predicate(values, env=None) -> bool`` and ``sql(scope) -> ColumnElement``, which
    agree on every record (tests/conditions/test_agreement.py proves it)."""

    predicate: Callable[..., bool]
    sql: Callable[..., sa.ColumnElement]
    uses_events: bool = False


def compile_condition(
    cond, *, schema=None, ctx: WidgetContext | None = None, path: str = ""
) -> CompiledCondition:
    """Type-check ``cond`` against ``schema`` (a FormSchema, or None for untyped use) and
    compile it. Raises :class:`ConditionError` with the JSON path of the first problem.

    Example::

        c = compile_condition({"field": "company_size", "op": "gt", "value": 500},
                              schema=FormSchema.of(app_spec, "lead"))
        c.predicate({"company_size": 800})  # True
    """
    return _compile(cond, schema, ctx or WidgetContext(), path, 0)


def _always(values, env=None):
    return True


def _compile(cond, schema, ctx, path, depth) -> CompiledCondition:
    if depth > MAX_DEPTH:
        raise ConditionError(f"conditions nest at most {MAX_DEPTH} levels", path=path)
    if cond is None:
        return CompiledCondition(_always, lambda scope: sa.true())
    if not isinstance(cond, dict):
        raise ConditionError("a condition must be an object {…}", path=path)
    for group in ("all", "any"):
        if group in cond:
            return _group(cond, group, schema, ctx, path, depth)
    if "not" in cond:
        inner = _compile(cond["not"], schema, ctx, f"{path}/not", depth + 1)
        p = inner.predicate
        return CompiledCondition(
            lambda values, env=None: not p(values, env),
            lambda scope: sa.not_(inner.sql(scope)),
            inner.uses_events,
        )
    if "event" in cond:
        return _event(cond, path)
    if "field" in cond and "op" in cond:
        return _comparison(cond, schema, ctx, path)
    raise ConditionError("a condition needs all, any, not, event, or field and op", path=path)


def _group(cond, group, schema, ctx, path, depth) -> CompiledCondition:
    members = cond[group]
    if not isinstance(members, list):
        raise ConditionError(f"{group!r} takes a list of conditions", path=f"{path}/{group}")
    parts = [
        _compile(c, schema, ctx, f"{path}/{group}/{i}", depth + 1) for i, c in enumerate(members)
    ]
    preds = tuple(p.predicate for p in parts)
    joiner = sa.and_ if group == "all" else sa.or_
    empty = sa.true() if group == "all" else sa.false()
    if len(preds) == 1:
        predicate = preds[0]
    elif len(preds) == 2:
        first, second = preds
        if group == "all":

            def predicate(values, env=None):
                return first(values, env) and second(values, env)
        else:

            def predicate(values, env=None):
                return first(values, env) or second(values, env)
    elif group == "all":

        def predicate(values, env=None):
            for p in preds:
                if not p(values, env):
                    return False
            return True
    else:

        def predicate(values, env=None):
            for p in preds:
                if p(values, env):
                    return True
            return False

    return CompiledCondition(
        predicate,
        lambda scope: joiner(*[p.sql(scope) for p in parts]) if parts else empty,
        any(p.uses_events for p in parts),
    )


def _event(cond, path) -> CompiledCondition:
    try:
        flt = parse_event_filter(cond["event"], f"{path}/event")
    except OperandError as exc:
        raise ConditionError(str(exc)) from None
    at_least = cond.get("at_least", 1)
    if isinstance(at_least, bool) or not isinstance(at_least, int) or not 1 <= at_least <= 10000:
        raise ConditionError("at_least must be a whole number from 1", path=f"{path}/at_least")

    def predicate(values, env=None):
        return env is not None and flt.count(env.events, now=env.now) >= at_least

    def sql(scope):
        events = scope.tables.events
        table = scope.table
        count = (
            sa.select(sa.func.count())
            .where(
                events.c.app_key == scope.form.app_key,
                events.c.form_key == scope.form.key,
                events.c.record_id == table.c.id,
                *flt.sql_where(events, now=scope.env.now),
            )
            .scalar_subquery()
        )
        return count >= at_least

    return CompiledCondition(predicate, sql, uses_events=True)


def _field(key, schema, path) -> FieldInfo:
    if not isinstance(key, str):
        raise ConditionError("name a field by its key", path=f"{path}/field")
    if schema is None:
        return FieldInfo(key)
    field = schema.field(key)
    if field is None:
        known = ", ".join(schema.field_keys())
        raise ConditionError(
            f"unknown field {key!r}; fields of this form: {known}", path=f"{path}/field"
        )
    return field


def _comparison(cond, schema, ctx, path) -> CompiledCondition:
    key, op_key = cond["field"], cond["op"]
    field = _field(key, schema, path)
    try:
        op = operator_registry.get(op_key)
    except UnknownType:
        raise ConditionError(f"unknown operator {op_key!r}", path=f"{path}/op") from None
    if field.widget is not None and op_key not in field.widget.operators:
        raise ConditionError(
            f"field {key!r} does not support operator {op_key!r}; "
            f"it supports: {', '.join(field.widget.operators)}",
            path=f"{path}/op",
        )
    if field.widget is None and op.needs_schema:
        raise ConditionError(f"operator {op_key!r} needs the form to be known", path=f"{path}/op")
    raw = cond.get("value")
    if isinstance(raw, dict) and set(raw) == {"field"} and op.compares_fields:
        return _field_to_field(op, field, _field(raw["field"], schema, f"{path}/value"), path)
    if op.takes_value and "value" not in cond:
        raise ConditionError(f"operator {op_key!r} needs a value", path=f"{path}/value")
    try:
        operand = op.prepare(raw, field=field, ctx=ctx)
    except OperandError as exc:
        raise ConditionError(str(exc), path=f"{path}/value") from None
    except ConditionError as exc:  # a nested condition (link matches)
        raise ConditionError(exc.message, path=f"{path}{exc.path}") from None
    test = op.python(operand)
    if field.value_type == "datetime":

        def predicate(values, env=None):
            return test(utc(values.get(key)), env)
    elif field.widget is None:  # untyped: values may be of any type

        def predicate(values, env=None):
            try:
                return test(values.get(key), env)
            except (TypeError, ValueError):
                return False
    else:
        predicate = op.python_values(key, operand)

    return CompiledCondition(
        predicate, lambda scope: op.sql(scope.table.c[key], operand, scope=scope, field=field)
    )


def _field_to_field(op, left: FieldInfo, right: FieldInfo, path) -> CompiledCondition:
    if left.widget is not None and right.widget is not None:
        if left.widget.storage_for(dict(left.config)) != right.widget.storage_for(
            dict(right.config)
        ):
            raise ConditionError(
                f"{left.key!r} and {right.key!r} hold different kinds of values",
                path=f"{path}/value/field",
            )
    a, b, compare = left.key, right.key, op.compare

    def predicate(values, env=None):
        try:
            return compare(utc(values.get(a)), utc(values.get(b)))
        except TypeError:
            return False

    return CompiledCondition(
        predicate, lambda scope: op.sql_compare(scope.table.c[a], scope.table.c[b])
    )
