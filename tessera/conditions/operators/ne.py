"""``ne``: not equal to a value or another field; an empty field is not equal to any value."""

from __future__ import annotations

import sqlalchemy as sa

from tessera.conditions.operators.base import Operator, register


@register
class NeOperator(Operator):
    """Not equal to the operand. Example::

    {"field": "stage", "op": "ne", "value": "lost"}
    """

    type = "ne"
    accepts = frozenset({"text", "choice", "stage", "number", "date", "datetime", "user", "record"})
    browser = frozenset({"text", "choice", "stage", "number", "date", "user", "record"})
    compares_fields = True
    label = {"zh-CN": "不等于", "en": "does not equal"}

    def compare(self, a, b) -> bool:
        """Both sides filled in and different."""
        return a is not None and b is not None and a != b

    def python(self, operand):
        if operand is None:
            return lambda v, env: v is not None
        return lambda v, env: v != operand

    def python_source(self, operand, value, src):
        if operand is None:
            return f"({value} is not None)"
        return f"({value} != {src.literal(operand)})"

    def sql(self, col, operand, *, scope, field):
        if operand is None:
            return col.isnot(None)
        return sa.or_(col.is_(None), col != operand)

    def sql_compare(self, a, b):
        return sa.and_(a.isnot(None), b.isnot(None), a != b)
