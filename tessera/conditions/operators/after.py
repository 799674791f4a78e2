"""``after``: a date or instant later than the operand (an empty field never is)."""

from __future__ import annotations

import operator as py_op

from tessera.conditions.operators.base import register
from tessera.conditions.operators.comparing import OrderedOperator


@register
class AfterOperator(OrderedOperator):
    """Later than the operand. Example::

    {"field": "start_date", "op": "after", "value": "2026-12-01"}
    """

    type = "after"
    accepts = frozenset({"date", "datetime"})
    browser = frozenset({"date"})
    compares_fields = False
    fn = staticmethod(py_op.gt)
    symbol = ">"  # the same comparison in generated source
    label = {"zh-CN": "晚于", "en": "after"}
