"""``in``: one of the listed values (the module is ``in_`` because ``in`` is a Python word)."""

from __future__ import annotations

import sqlalchemy as sa

from tessera.conditions.operators.base import Operator, register
from tessera.conditions.operators.choice_items import choice_items


@register
class InOperator(Operator):
    """One of the listed values. Example::

    {"field": "industry", "op": "in", "value": ["manufacturing", "finance"]}
    """

    type = "in"
    accepts = frozenset({"choice", "stage"})
    browser = frozenset({"choice", "stage"})
    label = {"zh-CN": "属于", "en": "is any of"}
    operand = "values"

    def prepare(self, raw, *, field, ctx):
        return choice_items(raw, field=field, ctx=ctx)

    def python(self, operand):
        def test(v, env):
            try:
                return v is not None and v in operand
            except TypeError:  # an unhashable value (a list) is in no set of scalars
                return False

        return test

    def python_values(self, key, operand):
        test = self.python(operand)

        def predicate(values, env=None):
            v = values.get(key)
            if v is None or isinstance(v, list):
                return test(v, env)
            return v in operand

        return predicate

    def python_source(self, operand, value, src):
        # As python_values: None and lists are in no set; other values are looked up.
        items = src.bind(operand)
        return f"({value} is not None and not isinstance({value}, list) and {value} in {items})"

    def sql(self, col, operand, *, scope, field):
        return sa.and_(col.isnot(None), col.in_(sorted(operand, key=str)))
