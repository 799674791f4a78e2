"""``before``: a date or instant earlier than the operand (an empty field never is)."""

from __future__ import annotations

import operator as py_op

from tessera.conditions.operators.base import register
from tessera.conditions.operators.comparing import OrderedOperator


@register
class BeforeOperator(OrderedOperator):
    """Earlier than the operand. Example::

    {"field": "start_date", "op": "before", "value": "2026-12-01"}
    """

    type = "before"
    accepts = frozenset({"date", "datetime"})
    browser = frozenset({"date"})
    compares_fields = False
    fn = staticmethod(py_op.lt)
    symbol = "<"  # the same comparison in generated source
    label = {"zh-CN": "早于", "en": "before"}
