"""``not_in``: none of the listed values (an empty field counts); for a list field, a list
sharing no item with them."""

from __future__ import annotations

import sqlalchemy as sa

from tessera.conditions.operators.base import Operator, page_json, register
from tessera.conditions.operators.choice_items import choice_items
from tessera.conditions.operators.jsonlist import json_list_has


@register
class NotInOperator(Operator):
    """None of the listed values. Example::

    {"field": "stage", "op": "not_in", "value": ["won", "lost"]}
    """

    type = "not_in"
    accepts = frozenset({"choice", "stage", "list"})
    browser = frozenset({"choice", "stage", "list"})
    label = {"zh-CN": "不属于", "en": "is none of"}
    operand = "values"

    def prepare(self, raw, *, field, ctx):
        return (choice_items(raw, field=field, ctx=ctx), field.value_type == "list")

    def browser_operand(self, operand):
        return page_json(operand[0])  # the page tells lists from single values itself

    def python(self, operand):
        items, _ = operand

        def test(v, env):
            if v is None:
                return True
            if isinstance(v, list):
                return items.isdisjoint(v)
            return v not in items

        return test

    def python_source(self, operand, value, src):
        items = src.bind(operand[0])
        return (
            f"({value} is None or ({items}.isdisjoint({value}) "
            f"if isinstance({value}, list) else {value} not in {items}))"
        )

    def sql(self, col, operand, *, scope, field):
        items, is_list = operand
        if is_list:
            return sa.not_(json_list_has(col, items, mode="any"))
        return sa.or_(col.is_(None), col.not_in(sorted(items, key=str)))
