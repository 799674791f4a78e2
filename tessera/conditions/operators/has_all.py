"""``has_all``: a list (tags, multiselect) holding every one of the values."""

from __future__ import annotations

from tessera.conditions.operators.base import Operator, register
from tessera.conditions.operators.choice_items import choice_items
from tessera.conditions.operators.jsonlist import json_list_has


@register
class HasAllOperator(Operator):
    """Holds all of. Example::

    {"field": "tags", "op": "has_all", "value": ["vip", "expo"]}
    """

    type = "has_all"
    accepts = frozenset({"list"})
    browser = frozenset({"list"})
    label = {"zh-CN": "包含全部", "en": "has all of"}
    operand = "values"

    def prepare(self, raw, *, field, ctx):
        return choice_items(raw, field=field, ctx=ctx)

    def python(self, operand):
        return lambda v, env: isinstance(v, list) and operand.issubset(v)

    def python_source(self, operand, value, src):
        return f"(isinstance({value}, list) and {src.bind(operand)}.issubset({value}))"

    def sql(self, col, operand, *, scope, field):
        return json_list_has(col, operand, mode="all")
