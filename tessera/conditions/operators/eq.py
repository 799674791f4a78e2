"""``eq``: equal to a value, or to another field; ``eq null`` is the same as ``is_empty``."""

from __future__ import annotations

import sqlalchemy as sa

from tessera.conditions.operators.base import Operator, register


@register
class EqOperator(Operator):
    """Equal to the operand. Example::

    {"field": "industry", "op": "eq", "value": "finance"}
    """

    type = "eq"
    accepts = frozenset(
        {"text", "choice", "stage", "number", "date", "datetime", "boolean", "user", "record"}
    )
    browser = frozenset({"text", "choice", "stage", "number", "date", "boolean", "user", "record"})
    compares_fields = True
    label = {"zh-CN": "等于", "en": "equals"}

    def compare(self, a, b) -> bool:
        """Both sides filled in and equal (used for field-to-field comparisons too)."""
        return a is not None and b is not None and a == b

    def python(self, operand):
        if operand is None:
            return lambda v, env: v is None
        return lambda v, env: v == operand

    def python_source(self, operand, value, src):
        if operand is None:
            return f"({value} is None)"
        return f"({value} == {src.literal(operand)})"

    def sql(self, col, operand, *, scope, field):
        if operand is None:
            return col.is_(None)
        return sa.and_(col.isnot(None), col == operand)

    def sql_compare(self, a, b):
        """SQL of :meth:`compare`."""
        return sa.and_(a.isnot(None), b.isnot(None), a == b)
