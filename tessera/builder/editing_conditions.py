"""Pure edits of a field's visibility condition as the designer builds it: one group of
comparisons joined by «all of» or «any of».

A condition the designer can show as rows is either one comparison
``{"field", "op", "value"}`` or a group ``{"all": [...]}`` / ``{"any": [...]}`` of
comparisons; anything else (nested groups, ``not``, a comparison with another field) is
:func:`read_condition` → ``None``, shown read-only and never rewritten unless the user asks
to replace it. Like :mod:`tessera.builder.editing`, every edit returns a new document.

Example::

    rows = [{"field": "stage", "op": "in", "value": ["lost", "invalid"]}]
    doc = set_condition(doc, form="lead", key="lost_reason", mode="any", rows=rows)
    read_condition(field["visible_if"])  # ("all", [{"field": "stage", "op": "in", ...}])
"""

from __future__ import annotations

import copy
from typing import Any

from tessera.builder.editing import find_field, form_of, update_field
from tessera.builder.editing_errors import EditError
from tessera.conditions.operators import operator_registry, operators_for
from tessera.widgets import widget_registry

GROUP_MODES = ("all", "any")

__all__ = [
    "GROUP_MODES",
    "add_condition_row",
    "build_condition",
    "default_row",
    "fit_row",
    "read_condition",
    "remove_condition_row",
    "set_condition",
]


def _is_comparison(item: Any) -> bool:
    return (
        isinstance(item, dict)
        and set(item) <= {"field", "op", "value"}
        and isinstance(item.get("field"), str)
        and isinstance(item.get("op"), str)
        and not isinstance(item.get("value"), dict)  # {"field": other}: not a row
    )


def read_condition(condition: Any) -> tuple[str, list[dict]] | None:
    """``(mode, rows)`` of a condition the designer can edit as rows, ``("all", [])`` for
    none, ``None`` for one it cannot represent (shown read-only, never dropped)."""
    if not condition:
        return "all", []
    if _is_comparison(condition):
        return "all", [copy.deepcopy(condition)]
    if isinstance(condition, dict) and len(condition) == 1:
        mode = next(iter(condition))
        members = condition[mode]
        if mode in GROUP_MODES and isinstance(members, list) and members:
            if all(_is_comparison(m) for m in members):
                return mode, copy.deepcopy(members)
    return None


def build_condition(mode: str, rows: list[dict]) -> dict | None:
    """The condition of ``rows``: none, the comparison itself, or ``{mode: rows}``."""
    if mode not in GROUP_MODES:
        raise EditError(
            f"a condition group is «all» or «any», not «{mode}»",
            f"条件组只能是「全部满足」或「任一满足」，而不是「{mode}」",
        )
    if not rows:
        return None
    if len(rows) == 1:
        return copy.deepcopy(rows[0])
    return {mode: copy.deepcopy(rows)}


def _fields(doc: dict, form: str) -> dict[str, dict]:
    return {f["key"]: f for s in form_of(doc, form).get("sections", []) for f in s["fields"]}


def _config(field: dict) -> dict:
    config = field.get("config")
    return config if isinstance(config, dict) else {}


def fit_row(doc: dict, *, form: str, row: dict) -> dict:
    """``row`` made consistent with its field: an operator the form page can evaluate on
    what the field holds (its first one otherwise, dropping the value), and no value for
    ``is_empty``-like operators."""
    target = _fields(doc, form).get(row.get("field"))
    if target is None or target.get("type") not in widget_registry:
        return dict(row)
    operators = operators_for(widget_registry.get(target["type"]), _config(target), in_page=True)
    fitted = {"field": row["field"], "op": row.get("op")}
    if fitted["op"] not in operators:
        fitted["op"] = operators[0]
        return fitted
    takes_value = operator_registry.get(fitted["op"]).takes_value
    if takes_value and row.get("value") not in (None, "", []):
        fitted["value"] = copy.deepcopy(row["value"])
    return fitted


def default_row(doc: dict, *, form: str, key: str) -> dict:
    """A first comparison for field ``key``'s condition: the first other field that has
    operators, with its widget's first operator."""
    for other in _fields(doc, form).values():
        if other["key"] != key and other.get("type") in widget_registry:
            operators = operators_for(
                widget_registry.get(other["type"]), _config(other), in_page=True
            )
            if operators:
                return {"field": other["key"], "op": operators[0]}
    raise EditError(
        "the form has no other field to build a condition on",
        "表单中没有其他字段可用来设置条件",
    )


def set_condition(doc: dict, *, form: str, key: str, mode: str, rows: list[dict]) -> dict:
    """A copy of ``doc`` whose field ``key`` is shown when ``mode`` (all/any) of ``rows``
    hold (each fitted to its field); no rows: always shown."""
    fitted = [fit_row(doc, form=form, row=r) for r in rows if r.get("field")]
    condition = build_condition(mode, fitted)
    return update_field(doc, form=form, key=key, changes={"visible_if": condition})


def _current(doc: dict, form: str, key: str) -> tuple[str, list[dict]]:
    _section, _index, field = find_field(doc, form=form, key=key)
    read = read_condition(field.get("visible_if"))
    if read is None:
        raise EditError(
            "this condition is too complex to edit here; replace it first",
            "该条件过于复杂，无法在此编辑；请先替换它",
        )
    return read


def add_condition_row(doc: dict, *, form: str, key: str) -> dict:
    """A copy of ``doc`` with one more comparison (see :func:`default_row`) in the group."""
    mode, rows = _current(doc, form, key)
    rows.append(default_row(doc, form=form, key=key))
    return set_condition(doc, form=form, key=key, mode=mode, rows=rows)


def remove_condition_row(doc: dict, *, form: str, key: str, index: int) -> dict:
    """A copy of ``doc`` without comparison ``index`` of the group."""
    mode, rows = _current(doc, form, key)
    if not 0 <= index < len(rows):
        raise EditError(f"the condition has no row {index + 1}", f"条件中没有第 {index + 1} 行")
    del rows[index]
    return set_condition(doc, form=form, key=key, mode=mode, rows=rows)
