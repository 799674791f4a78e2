"""``eq`` and ``ne``: equal to a value (or to another field) and its negation."""

from __future__ import annotations

import sqlalchemy as sa

from tessera.conditions.operators.base import Operator


class EqOperator(Operator):
    """Equal to the operand; ``eq null`` is the same as ``is_empty``.

    Example::

        {"field": "industry", "op": "eq", "value": "finance"}
    """

    type = "eq"
    compares_fields = True
    label = {"zh-CN": "等于", "en": "equals"}

    def compare(self, a, b) -> bool:
        """Both sides filled in and equal (used for field-to-field comparisons too)."""
        return a is not None and b is not None and a == b

    def python(self, operand):
        if operand is None:
            return lambda v, env: v is None
        return lambda v, env: v == operand

    def sql(self, col, operand, *, scope, field):
        if operand is None:
            return col.is_(None)
        return sa.and_(col.isnot(None), col == operand)

    def sql_compare(self, a, b):
        """SQL of :meth:`compare`."""
        return sa.and_(a.isnot(None), b.isnot(None), a == b)


class NeOperator(Operator):
    """Not equal to the operand; an empty field is not equal to any value.

    Example::

        {"field": "stage", "op": "ne", "value": "lost"}
    """

    type = "ne"
    compares_fields = True
    label = {"zh-CN": "不等于", "en": "does not equal"}

    def compare(self, a, b) -> bool:
        """Both sides filled in and different."""
        return a is not None and b is not None and a != b

    def python(self, operand):
        if operand is None:
            return lambda v, env: v is not None
        return lambda v, env: v != operand

    def sql(self, col, operand, *, scope, field):
        if operand is None:
            return col.isnot(None)
        return sa.or_(col.is_(None), col != operand)

    def sql_compare(self, a, b):
        return sa.and_(a.isnot(None), b.isnot(None), a != b)


OPERATORS = (EqOperator(), NeOperator())
