"""Checks of the expressions inside fields: visibility conditions and formulas.

A field here is a ``checks.FieldEntry`` (path, key, widget, config) of the form being checked.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from tessera.builder.errors import DocumentError
from tessera.builder.pattern_check import check_matches_operand
from tessera.conditions.operators import operators_for
from tessera.widgets.formula_eval import FormulaError, formula_fields

VALUELESS_OPERATORS = frozenset({"is_empty", "is_not_empty"})


def condition_leaves(condition: Any, path: str) -> Iterator[tuple[str, dict]]:
    """``(path, comparison)`` for every ``{"field", "op", "value"}`` inside a condition."""
    if not isinstance(condition, dict):
        return
    for group in ("all", "any"):
        members = condition.get(group)
        if isinstance(members, list):
            for j, member in enumerate(members):
                yield from condition_leaves(member, f"{path}/{group}/{j}")
    if "not" in condition:
        yield from condition_leaves(condition["not"], f"{path}/not")
    if "field" in condition:
        yield path, condition


def check_visibility(fields: dict, out: list[DocumentError]) -> None:
    """Each ``visible_if`` may only compare other fields of the form, with their operators."""
    for entry in fields.values():
        leaves = condition_leaves(entry.raw.get("visible_if"), entry.path + "/visible_if")
        for path, leaf in leaves:
            _check_comparison(entry, path, leaf, fields, out)


def _check_comparison(entry, path: str, leaf: dict, fields: dict, out: list) -> None:
    key, op = leaf.get("field"), leaf.get("op")
    if not isinstance(key, str):
        return
    target = fields.get(key)
    if target is None:
        known = ", ".join(k for k in fields if k != entry.key) or "—"
        out.append(
            DocumentError(
                path + "/field",
                f"The condition refers to «{key}», which is not a field of this form. "
                f"Fields you can use: {known}.",
                f"条件引用的「{key}」不是本表单中的字段。可用字段：{known}。",
                code="unknown_field",
            )
        )
        return
    if target is entry:
        out.append(
            DocumentError(
                path + "/field",
                f"The visibility of «{key}» cannot depend on «{key}» itself; use another field.",
                f"字段「{key}」的显示条件不能依赖它自己，请改用其他字段。",
                code="self_reference",
            )
        )
        return
    if target.widget is None or not isinstance(op, str):
        return
    operators = operators_for(target.widget, target.config)
    if op not in operators:
        allowed = ", ".join(operators)
        out.append(
            DocumentError(
                path + "/op",
                f"The operator «{op}» cannot be used with field «{key}» ({target.type}). "
                f"Operators it supports: {allowed}.",
                f"运算符「{op}」不能用于字段「{key}」（{target.type}）。该字段支持的运算符：{allowed}。",
                code="unsupported_operator",
            )
        )
        return
    check_matches_operand(path, leaf, out)
    if op not in VALUELESS_OPERATORS and "value" in leaf and target.config_ok:
        _check_option_values(target, path + "/value", leaf["value"], out)


def _allowed_values(target) -> list | None:
    """The closed set of values a field can hold (its option keys), if its widget has one."""
    try:
        schema = target.widget.value_schema(target.config)
    except Exception:  # a widget that cannot describe itself is checked elsewhere
        return None
    if not isinstance(schema, dict):
        return None
    items = schema.get("items")
    enum = schema.get("enum") or (items.get("enum") if isinstance(items, dict) else None)
    return None if enum is None else [v for v in enum if v is not None]


def _check_option_values(target, path: str, value: Any, out: list) -> None:
    allowed = _allowed_values(target)
    if allowed is None:
        return
    values = value if isinstance(value, list) else [value]
    for v in values:
        if isinstance(v, str | int) and v not in allowed:
            known = ", ".join(map(str, allowed))
            out.append(
                DocumentError(
                    path,
                    f"«{v}» is not an option of field «{target.key}». Its options are: {known}.",
                    f"「{v}」不是字段「{target.key}」的选项。可选项：{known}。",
                    code="unknown_option",
                )
            )


def check_formulas(fields: dict, out: list[DocumentError]) -> None:
    """A formula may only read fields of its form, never itself, and never in a cycle."""
    depends: dict[str, list[str]] = {}
    for entry in fields.values():
        expression = entry.config.get("expression") if entry.config_ok else None
        if not isinstance(expression, str):
            continue
        path = entry.path + "/config/expression"
        try:
            names = sorted(formula_fields(expression))
        except FormulaError as exc:
            out.append(
                DocumentError(
                    path,
                    f"The formula of «{entry.key}» cannot be used: {getattr(exc, 'en', exc)}.",
                    f"字段「{entry.key}」的公式无法使用：{getattr(exc, 'zh', exc)}。",
                    code="formula_syntax",
                )
            )
            continue
        for name in names:
            if name == entry.key:
                out.append(
                    DocumentError(
                        path,
                        f"The formula of «{entry.key}» uses its own value.",
                        f"字段「{entry.key}」的公式引用了它自己。",
                        code="self_reference",
                    )
                )
            elif name not in fields:
                known = ", ".join(k for k in fields if k != entry.key) or "—"
                out.append(
                    DocumentError(
                        path,
                        f"The formula of «{entry.key}» uses «{name}», which is not a field of "
                        f"this form. Fields you can use: {known}.",
                        f"字段「{entry.key}」的公式引用的「{name}」不是本表单中的字段。可用字段：{known}。",
                        code="unknown_field",
                    )
                )
        depends[entry.key] = [n for n in names if n != entry.key and n in fields]
    _check_formula_cycles(fields, depends, out)


def _check_formula_cycles(fields: dict, depends: dict[str, list[str]], out: list) -> None:
    reported: set[str] = set()
    for start in depends:
        cycle = _find_cycle(start, depends)
        if cycle is None or start in reported:
            continue
        reported.update(cycle)
        chain = " → ".join([*cycle, cycle[0]])
        out.append(
            DocumentError(
                fields[start].path + "/config/expression",
                f"These formulas depend on each other in a circle: {chain}.",
                f"这些公式相互循环引用：{chain}。",
                code="formula_cycle",
            )
        )


def _find_cycle(start: str, depends: dict[str, list[str]]) -> list[str] | None:
    """The formula fields on a cycle through ``start``, in order, or None."""
    stack = [(start, [start])]
    seen: set[str] = set()
    while stack:
        node, trail = stack.pop()
        for nxt in depends.get(node, ()):
            if nxt == start:
                return trail
            if nxt not in seen:
                seen.add(nxt)
                stack.append((nxt, [*trail, nxt]))
    return None
