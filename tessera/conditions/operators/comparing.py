"""What the ordered comparisons share (lt, le, gt, ge, before, after, between): the operand
normalized through the widget, and an empty field never satisfying them."""

from __future__ import annotations

import datetime as dt
import operator as py_op

import sqlalchemy as sa

from tessera.conditions.env import utc
from tessera.conditions.operators.base import OperandError, Operator


class OrderedOperator(Operator):
    """A comparison ``value <op> operand`` (subclasses set ``type``, ``accepts``, ``fn``)."""

    compares_fields = True
    fn = staticmethod(py_op.lt)
    symbol = "<"  # ``fn`` as a Python operator, for :meth:`python_source`

    def prepare(self, raw, *, field, ctx):
        return ordered_operand(raw, field=field, ctx=ctx)

    def compare(self, a, b) -> bool:
        return a is not None and b is not None and self.fn(a, b)

    def python(self, operand):
        fn = self.fn
        if isinstance(operand, dt.datetime):  # untyped: dates and instants in any form
            return lambda v, env: v is not None and fn(as_instant(v), operand)
        return lambda v, env: v is not None and fn(v, operand)

    def python_values(self, key, operand):
        if isinstance(operand, dt.datetime):
            return super().python_values(key, operand)
        fn = self.fn

        def predicate(values, env=None):
            v = values.get(key)
            return v is not None and fn(v, operand)

        return predicate

    def python_source(self, operand, value, src):
        if isinstance(operand, dt.datetime):  # untyped reading of the value: the closure
            return super().python_source(operand, value, src)
        return f"({value} is not None and {value} {self.symbol} {src.literal(operand)})"

    def sql(self, col, operand, *, scope, field):
        return sa.and_(col.isnot(None), self.fn(col, operand))

    def sql_compare(self, a, b):
        return sa.and_(a.isnot(None), b.isnot(None), self.fn(a, b))


def ordered_operand(raw, *, field, ctx):
    """One bound of an ordered comparison, as the field stores it (instants in UTC)."""
    value = utc(field.normalize(raw, ctx))
    if field.widget is None:
        value = as_instant(value)
    if value is None:
        raise OperandError("a value to compare with is required", "请填写用于比较的值")
    return value


def as_instant(value):
    """ISO text, dates and naive datetimes as UTC instants (untyped comparisons only)."""
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, dt.datetime):
        return utc(value)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC)
    return value
