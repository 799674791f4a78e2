"""Ordered comparisons of numbers, money, dates and instants: lt, le, gt, ge, between,
before, after. An empty field never satisfies them."""

from __future__ import annotations

import datetime as dt
import operator as py_op

import sqlalchemy as sa

from tessera.conditions.env import utc
from tessera.conditions.operators.base import OperandError, Operator, as_list

ORDERED_TYPES = frozenset({"number", "integer", "decimal", "date", "datetime"})


class OrderedOperator(Operator):
    """A comparison ``value <op> operand`` (subclasses set ``fn``)."""

    compares_fields = True
    fn = staticmethod(py_op.lt)

    def prepare(self, raw, *, field, ctx):
        if field.value_type is not None and field.value_type not in ORDERED_TYPES:
            raise OperandError(f"{self.type} compares numbers and dates only")
        value = utc(field.normalize(raw, ctx))
        if field.widget is None:
            value = as_instant(value)
        if value is None:
            raise OperandError("a value to compare with is required")
        return value

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

    def sql(self, col, operand, *, scope, field):
        return sa.and_(col.isnot(None), self.fn(col, operand))

    def sql_compare(self, a, b):
        return sa.and_(a.isnot(None), b.isnot(None), self.fn(a, b))


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


class LtOperator(OrderedOperator):
    """Less than. Example:: ``{"field": "company_size", "op": "lt", "value": 50}``"""

    type = "lt"
    fn = staticmethod(py_op.lt)
    label = {"zh-CN": "小于", "en": "less than"}


class LeOperator(OrderedOperator):
    """At most. Example:: ``{"field": "company_size", "op": "le", "value": 50}``"""

    type = "le"
    fn = staticmethod(py_op.le)
    label = {"zh-CN": "小于等于", "en": "at most"}


class GtOperator(OrderedOperator):
    """Greater than. Example:: ``{"field": "company_size", "op": "gt", "value": 500}``"""

    type = "gt"
    fn = staticmethod(py_op.gt)
    label = {"zh-CN": "大于", "en": "greater than"}


class GeOperator(OrderedOperator):
    """At least. Example:: ``{"field": "score", "op": "ge", "value": 80}``"""

    type = "ge"
    fn = staticmethod(py_op.ge)
    label = {"zh-CN": "大于等于", "en": "at least"}


class BeforeOperator(OrderedOperator):
    """A date or instant earlier than the operand. Example::

    {"field": "start_date", "op": "before", "value": "2026-12-01"}
    """

    type = "before"
    compares_fields = False
    fn = staticmethod(py_op.lt)
    label = {"zh-CN": "早于", "en": "before"}


class AfterOperator(OrderedOperator):
    """A date or instant later than the operand. Example::

    {"field": "start_date", "op": "after", "value": "2026-12-01"}
    """

    type = "after"
    compares_fields = False
    fn = staticmethod(py_op.gt)
    label = {"zh-CN": "晚于", "en": "after"}


class BetweenOperator(Operator):
    """Inclusive range ``[low, high]``. Example::

    {"field": "company_size", "op": "between", "value": [100, 500]}
    """

    type = "between"
    label = {"zh-CN": "介于", "en": "between"}

    def prepare(self, raw, *, field, ctx):
        if not isinstance(raw, list) or len(raw) != 2:
            raise OperandError("between needs a list of two values [low, high]")
        low, high = (OrderedOperator.prepare(self, v, field=field, ctx=ctx) for v in as_list(raw))
        return (low, high)

    def python(self, operand):
        low, high = operand
        if isinstance(low, dt.datetime) and isinstance(high, dt.datetime):
            return lambda v, env: v is not None and low <= as_instant(v) <= high
        return lambda v, env: v is not None and low <= v <= high

    def sql(self, col, operand, *, scope, field):
        return sa.and_(col.isnot(None), col.between(*operand))


OPERATORS = (
    LtOperator(),
    LeOperator(),
    GtOperator(),
    GeOperator(),
    BetweenOperator(),
    BeforeOperator(),
    AfterOperator(),
)
