"""The visibility-condition rows of the designer's properties panel: what each row offers
(the operators the form page can evaluate on what the chosen field holds, a picker of its options, a number input …)
and how the posted rows become a condition.

The input a row shows is asked of the field: a widget whose config schema declares
``options`` gets a picker of the field's options; its ``value_type`` picks number, date or
yes/no inputs; the operator's ``takes_value`` hides the value. Nothing switches on a widget
type name.

Example::

    view = condition_view(fields, key="lost_reason", errors=errs, locale="zh-CN")
    rows = posted_rows(request.form, fields)   # → editing_conditions.set_condition(...)
"""

from __future__ import annotations

import json
import math

from flask_babel import gettext as _

from tessera.builder.editing_conditions import read_condition
from tessera.conditions.operators import operator_registry, operators_for
from tessera.runtime.web.request_input import parse_int
from tessera.widgets import label_text, widget_registry

LIST_OPERATORS = frozenset({"in", "not_in", "has_any", "has_all", "contains_any"})
DAY_OPERATORS = frozenset({"within_last_days", "more_than_days_ago"})
PAIR_OPERATORS = frozenset({"between"})
NUMBER_TYPES = frozenset({"integer", "number", "decimal"})
MAX_ROWS = 100  # condition rows in one panel; a larger count is not a real form


def takes_value(op: str) -> bool:
    """Whether a condition operator needs a value (``is_empty`` does not)."""
    return op not in operator_registry or operator_registry.get(op).takes_value


def operator_label(op: str, locale: str) -> str:
    """How people read an operator («is any of» / «属于»), else its key."""
    if op in operator_registry:
        label = getattr(operator_registry.get(op), "label", None)
        if label:
            return label_text(label, locale)
    return op


def field_options(field: dict) -> list | None:
    """The options of a choice field (its widget's config declares ``options``), else None."""
    widget = widget_registry.get(field["type"]) if field.get("type") in widget_registry else None
    if widget is None or "options" not in (widget.config_schema.get("properties") or {}):
        return None
    options = (field.get("config") or {}).get("options")
    return options if isinstance(options, list) else None


def _scalar_input(field: dict) -> str:
    widget = widget_registry.get(field["type"])
    if widget.value_type in NUMBER_TYPES:
        return "number"
    return {"date": "date", "boolean": "boolean"}.get(widget.value_type, "text")


def operand_shape(field: dict, op: str) -> tuple[str, str]:
    """``(shape, input)``: shape is ``none``, ``options`` (pick several), ``option`` (pick
    one), ``list`` (comma-separated), ``pair`` (low and high) or ``one``; input is the HTML
    input of one value (``number``, ``date``, ``boolean``, ``text``)."""
    if not takes_value(op):
        return "none", "text"
    options = field_options(field)
    if op in LIST_OPERATORS:
        return ("options", "text") if options else ("list", "text")
    if op in DAY_OPERATORS:
        return "one", "number"
    if op in PAIR_OPERATORS:
        return "pair", _scalar_input(field)
    if options:
        return "option", "text"
    return "one", _scalar_input(field)


def _one(raw: str, kind: str):
    raw = (raw or "").strip()
    if raw == "":
        return None
    if kind == "number":
        try:
            number = float(raw)
        except ValueError:
            return raw  # kept as typed: validation names it
        if not math.isfinite(number) or abs(number) >= 2**63:
            return raw  # inf, nan, 1e400: no JSON number; kept as typed for validation
        return int(number) if number.is_integer() and "." not in raw else number
    if kind == "boolean":
        return raw == "true"
    return raw


def parse_operand(field: dict, op: str, raw: list[str]):
    """The value of a posted row (``raw`` = every ``cond_value_<i>`` sent), or None."""
    shape, kind = operand_shape(field, op)
    if shape == "none":
        return None
    if shape == "options":
        return [v for v in raw if v] or None
    if shape == "list":
        return [v.strip() for v in ",".join(raw).split(",") if v.strip()] or None
    if shape == "pair":
        values = [_one(v, kind) for v in (raw + ["", ""])[:2]]
        return None if values == [None, None] else values
    return _one(raw[0] if raw else "", kind)


def posted_rows(data, fields: dict) -> list[dict]:
    """The rows of the posted panel; a row whose field changed starts over (no operator)."""
    rows = []
    count = parse_int(data.get("cond_rows", ""), maximum=MAX_ROWS) or 0
    for i in range(count):
        target = data.get(f"cond_field_{i}", "")
        if target not in fields:
            continue
        op = data.get(f"cond_op_{i}", "")
        if target != data.get(f"cond_prev_{i}", target):
            rows.append({"field": target, "op": ""})
            continue
        row = {"field": target, "op": op}
        if fields[target].get("type") in widget_registry and op:
            value = parse_operand(fields[target], op, data.getlist(f"cond_value_{i}"))
            if value is not None:
                row["value"] = value
        rows.append(row)
    return rows


def _row_messages(errors, key: str, prefix: str) -> list[str]:
    found = []
    for rest, messages in errors.of(key).items():
        if rest == prefix or rest.startswith(prefix + "/"):
            found.extend(messages)
    return found


def condition_view(fields: dict, *, key: str, errors, locale: str) -> dict:
    """What the panel shows of field ``key``'s condition: ``{"mode", "rows", "complex"}``;
    ``complex`` is the condition as JSON when rows cannot represent it (shown read-only)."""
    condition = fields[key].get("visible_if")
    read = read_condition(condition)
    if read is None:
        return {"mode": "all", "rows": [], "complex": json.dumps(condition, ensure_ascii=False)}
    mode, rows = read
    grouped = len(rows) > 1
    out = []
    for i, row in enumerate(rows):
        target = fields.get(row["field"])
        known = target is not None and target.get("type") in widget_registry
        shape, kind = operand_shape(target, row["op"]) if known else ("one", "text")
        value = row.get("value")
        prefix = f"/visible_if/{mode}/{i}" if grouped else "/visible_if"
        messages = _row_messages(errors, key, prefix)
        if known and shape != "none" and value in (None, "", []):
            messages.append(_("Choose or type a value."))
        operators = (
            operators_for(widget_registry.get(target["type"]), target.get("config"), in_page=True)
            if known
            else [row["op"]]
        )
        out.append(
            {
                "index": i,
                "field": row["field"],
                "op": row["op"],
                "ops": [(op, operator_label(op, locale)) for op in operators],
                "shape": shape,
                "input": kind,
                "options": [
                    (o.get("key"), label_text(o.get("label"), locale) or o.get("key"))
                    for o in (field_options(target) or [] if known else [])
                ],
                "value": value,
                "values": [str(v) for v in value] if isinstance(value, list) else [],
                "messages": messages,
            }
        )
    return {"mode": mode, "rows": out, "complex": None}
