"""``is_empty`` / ``is_not_empty``: whether a field is filled in (an empty list is empty)."""

from __future__ import annotations

import sqlalchemy as sa

from tessera.conditions.operators.base import Operator
from tessera.conditions.operators.jsonlist import json_list_empty


def is_empty(v) -> bool:
    """None, "", [] and {} are empty."""
    return v is None or v == "" or v == [] or v == {}


def _empty_sql(col, field):
    if field.widget is not None and field.widget.storage == "json":
        return json_list_empty(col)
    if field.widget is not None and field.widget.storage == "text":
        return sa.or_(col.is_(None), col == "")
    return col.is_(None)


class IsEmptyOperator(Operator):
    """Not filled in. Example:: ``{"field": "phone", "op": "is_empty"}``"""

    type = "is_empty"
    takes_value = False
    label = {"zh-CN": "为空", "en": "is empty"}

    def prepare(self, raw, *, field, ctx):
        return None

    def python(self, operand):
        return lambda v, env: is_empty(v)

    def sql(self, col, operand, *, scope, field):
        return _empty_sql(col, field)


class IsNotEmptyOperator(Operator):
    """Filled in. Example:: ``{"field": "email", "op": "is_not_empty"}``"""

    type = "is_not_empty"
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

    def sql(self, col, operand, *, scope, field):
        return sa.not_(_empty_sql(col, field))


OPERATORS = (IsEmptyOperator(), IsNotEmptyOperator())
