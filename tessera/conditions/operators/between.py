"""``between``: an inclusive range ``[low, high]`` of numbers, dates or instants."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from tessera.conditions.operators.base import OperandError, Operator, register
from tessera.conditions.operators.comparing import as_instant, ordered_operand


@register
class BetweenOperator(Operator):
    """Inclusive range. Example::

    {"field": "company_size", "op": "between", "value": [100, 500]}
    """

    type = "between"
    accepts = frozenset({"number", "date", "datetime"})
    browser = frozenset({"number", "date"})
    label = {"zh-CN": "介于", "en": "between"}
    operand = "pair"

    def prepare(self, raw, *, field, ctx):
        if not isinstance(raw, list) or len(raw) != 2:
            raise OperandError(
                "between needs a list of two values [low, high]",
                "「介于」需要两个值 [下限, 上限]",
            )
        low, high = (ordered_operand(v, field=field, ctx=ctx) for v in raw)
        return (low, high)

    def python(self, operand):
        low, high = operand
        if isinstance(low, dt.datetime) and isinstance(high, dt.datetime):
            return lambda v, env: v is not None and low <= as_instant(v) <= high
        return lambda v, env: v is not None and low <= v <= high

    def python_source(self, operand, value, src):
        low, high = operand
        if isinstance(low, dt.datetime) and isinstance(high, dt.datetime):
            return super().python_source(operand, value, src)
        low, high = src.literal(low), src.literal(high)
        return f"({value} is not None and {low} <= {value} <= {high})"

    def sql(self, col, operand, *, scope, field):
        return sa.and_(col.isnot(None), col.between(*operand))
