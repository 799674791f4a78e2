"""The rule designer's HTML form ⇄ a scoring model document.

The page shows each attribute rule with a field picker, an operator picker (only the
operators the field's widget offers) and a value, or — for a compound condition — its JSON;
event and decay rules show their points. Posting the form gives back a model document in
the order the rows were left in (drag and drop or the move buttons).
"""

from __future__ import annotations

import copy
import json
import re

from tessera.conditions.operators import operator_registry
from tessera.runtime.web.request_input import parse_int

LIMIT = 1_000_000  # far past what the scoring schema allows; it names the real bounds
LIST_OPERATORS = frozenset(
    {"in", "not_in", "has_any", "has_all", "contains_any", "between", "in_team"}
)
EMPTY_MODEL = {
    "version": 1,
    "rules": [],
    "grades": [
        {"grade": "A", "min": 81},
        {"grade": "B", "min": 60},
        {"grade": "C", "min": 40},
        {"grade": "D", "min": None},
    ],
}


def model_from_documents(draft: dict, published: dict | None, form_key: str) -> dict:
    """The draft's scoring model of ``form_key`` (else the published one, else an empty one)."""
    for doc in (draft, published or {}):
        model = (doc.get("scoring") or {}).get(form_key)
        if model:
            return copy.deepcopy(model)
    return copy.deepcopy(EMPTY_MODEL)


def is_simple(condition) -> bool:
    """A single comparison the pickers can edit (not a group, not a field-to-field one)."""
    return (
        isinstance(condition, dict)
        and set(condition) <= {"field", "op", "value"}
        and "field" in condition
        and not isinstance(condition.get("value"), dict)
    )


def value_text(condition: dict) -> str:
    """The value of a simple comparison as the text input shows it."""
    value = condition.get("value")
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def parse_value(op: str, text: str):
    """The operand typed by a user: lists split on commas, numbers as numbers."""
    text = (text or "").strip()
    if not operator_registry.get(op).takes_value:
        return None
    if op in LIST_OPERATORS:
        return [_scalar(part) for part in re.split(r"[,，、]", text) if part.strip()]
    return _scalar(text)


def _scalar(text: str):
    text = text.strip()
    # ASCII digits and a bounded length: int() of 5,000 digits raises, "²" is no number.
    if re.fullmatch(r"-?[0-9]{1,15}(\.[0-9]{1,15})?", text):
        return float(text) if "." in text else int(text)
    return text


def model_from_form(base: dict, form) -> tuple[dict, dict]:
    """``(model, problems)``: the posted rules applied to ``base`` (the saved model).

    ``problems`` maps a rule key to a message for input that is not even well-formed (bad
    JSON, points that are not a number); everything else is checked by the compiler.
    """
    model = copy.deepcopy(base)
    by_key = {r["key"]: r for r in model.get("rules", [])}
    problems: dict[str, str] = {}
    rules = []
    for key in form.getlist("rule"):
        rule = by_key.get(key)
        if rule is None:
            continue
        rules.append(rule)
        _apply_points(rule, form.get(f"points-{key}"), "points", key, problems)
        if "event" in rule:
            times = (form.get(f"max_times-{key}") or "").strip()
            rule["max_times"] = parse_int(times, maximum=LIMIT) if times else None
        elif f"cond-{key}" in form:
            try:
                rule["when"] = json.loads(form[f"cond-{key}"])
            except json.JSONDecodeError as exc:
                problems[key] = f"not valid JSON: {exc.msg} (line {exc.lineno})"
        elif f"field-{key}" in form:
            rule["when"] = _comparison(form, f"-{key}")
    new_field = (form.get("new-field") or "").strip()
    if new_field:
        key = _new_key(by_key, new_field)
        rule = {
            "key": key,
            "label": {"zh-CN": form.get("new-label") or key, "en": form.get("new-label") or key},
            "when": _comparison(form, "-new"),
            "points": 0,
        }
        _apply_points(rule, form.get("points-new"), "points", key, problems)
        rules.append(rule)
    model["rules"] = rules
    for decay in model.get("decay", []):
        _apply_points(
            decay, form.get(f"decay-points-{decay['key']}"), "points", decay["key"], problems
        )
        days = (form.get(f"decay-days-{decay['key']}") or "").strip()
        if parse_int(days, maximum=LIMIT) is not None:
            decay["inactive_days"] = parse_int(days, maximum=LIMIT)
    return model, problems


def _comparison(form, suffix: str) -> dict:
    field, op = form.get(f"field{suffix}", ""), form.get(f"op{suffix}", "")
    condition = {"field": field, "op": op}
    if op in operator_registry and operator_registry.get(op).takes_value:
        condition["value"] = parse_value(op, form.get(f"value{suffix}", ""))
    return condition


def _apply_points(rule: dict, raw, name: str, key: str, problems: dict) -> None:
    if raw is None:
        return
    points = parse_int(str(raw), minimum=-LIMIT, maximum=LIMIT)
    if points is None:
        problems[key] = f"points must be a whole number, not «{str(raw)[:40]}»"
    else:
        rule[name] = points


def _new_key(existing: dict, field: str) -> str:
    base = re.sub(r"[^a-z0-9_]", "_", f"{field}_rule".lower())[:50] or "rule"
    key, n = base, 2
    while key in existing:
        key, n = f"{base}_{n}", n + 1
    return key
