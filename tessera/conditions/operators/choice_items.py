"""The operand of the set-membership operators (in, not_in, has_any, has_all): one value or
a list, each normalized through the field's widget (option labels become keys)."""

from __future__ import annotations

from tessera.conditions.operators.base import OperandError, as_list


def choice_items(raw, *, field, ctx) -> frozenset:
    """The operand as a set of stored values."""
    if raw is None or raw == []:
        raise OperandError("choose at least one value", "请至少选择一个值")
    if field.value_type == "list":
        items = field.normalize(as_list(raw), ctx) or []
    else:
        items = [field.normalize(v, ctx) for v in as_list(raw)]
    items = [i for i in items if i is not None]
    if not items:
        raise OperandError("choose at least one value", "请至少选择一个值")
    return frozenset(items)
