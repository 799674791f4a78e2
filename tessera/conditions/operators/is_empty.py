"""``is_empty``: the field is not filled in (None, "", an empty list)."""

from __future__ import annotations

import sqlalchemy as sa

from tessera.conditions.operators.base import Operator, register
from tessera.conditions.operators.jsonlist import json_list_empty
from tessera.widgets import CONDITION_TYPES


def is_empty(v) -> bool:
    """None, "", [] and {} are empty."""
    return v is None or v == "" or v == [] or v == {}


def empty_sql(col, field) -> sa.ColumnElement:
    """SQL of :func:`is_empty` for the field's column (JSON lists, text, or NULL only)."""
    if field.widget is not None and field.widget.storage == "json":
        return json_list_empty(col)
    if field.widget is not None and field.widget.storage == "text":
        return sa.or_(col.is_(None), col == "")
    return col.is_(None)


@register
class IsEmptyOperator(Operator):
    """Not filled in. Example:: ``{"field": "phone", "op": "is_empty"}``"""

    type = "is_empty"
    accepts = frozenset(CONDITION_TYPES)
    browser = frozenset(CONDITION_TYPES)
    takes_value = False
    label = {"zh-CN": "为空", "en": "is empty"}

    def prepare(self, raw, *, field, ctx):
        return None

    def python(self, operand):
        return lambda v, env: is_empty(v)

    def python_source(self, operand, value, src):
        return f"({value} is None or {value} == '' or {value} == [] or {value} == {{}})"

    def sql(self, col, operand, *, scope, field):
        return empty_sql(col, field)
