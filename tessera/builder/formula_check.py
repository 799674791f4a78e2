"""Checks of the formulas inside fields: they read fields of their form only, never
themselves, never in a circle. (Conditions are checked by :mod:`.condition_check`.)

A field here is a ``checks.FieldEntry`` (path, key, widget, config) of the form being checked.
"""

from __future__ import annotations

from tessera.builder.errors import DocumentError
from tessera.widgets.formula_eval import FormulaError, formula_fields


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
