"""``has_any``: a list (tags, multiselect) holding at least one of the values."""

from __future__ import annotations

from tessera.conditions.operators.base import Operator, register
from tessera.conditions.operators.choice_items import choice_items
from tessera.conditions.operators.jsonlist import json_list_has


@register
class HasAnyOperator(Operator):
    """Holds any of. Example::

    {"field": "tags", "op": "has_any", "value": ["vip", "dormant"]}
    """

    type = "has_any"
    accepts = frozenset({"list"})
    browser = frozenset({"list"})
    label = {"zh-CN": "包含任一", "en": "has any of"}
    operand = "values"

    def prepare(self, raw, *, field, ctx):
        return choice_items(raw, field=field, ctx=ctx)

    def python(self, operand):
        return lambda v, env: isinstance(v, list) and not operand.isdisjoint(v)

    def python_source(self, operand, value, src):
        return f"(isinstance({value}, list) and not {src.bind(operand)}.isdisjoint({value}))"

    def sql(self, col, operand, *, scope, field):
        return json_list_has(col, operand, mode="any")
