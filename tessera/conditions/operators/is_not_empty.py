"""``is_not_empty``: the field is filled in (the negation of ``is_empty``)."""

from __future__ import annotations

import sqlalchemy as sa

from tessera.conditions.operators.base import Operator, register
from tessera.conditions.operators.is_empty import empty_sql, is_empty
from tessera.widgets import CONDITION_TYPES


@register
class IsNotEmptyOperator(Operator):
    """Filled in. Example:: ``{"field": "email", "op": "is_not_empty"}``"""

    type = "is_not_empty"
    accepts = frozenset(CONDITION_TYPES)
    browser = frozenset(CONDITION_TYPES)
    takes_value = False
    label = {"zh-CN": "不为空", "en": "is not empty"}

    def prepare(self, raw, *, field, ctx):
        return None

    def python(self, operand):
        return lambda v, env: not is_empty(v)

    def python_values(self, key, operand):
        def predicate(values, env=None):
            v = values.get(key)
            return v is not None and v != "" and v != [] and v != {}

        return predicate

    def python_source(self, operand, value, src):
        return f"({value} is not None and {value} != '' and {value} != [] and {value} != {{}})"

    def sql(self, col, operand, *, scope, field):
        return sa.not_(empty_sql(col, field))
