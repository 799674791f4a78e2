"""``gt``: greater than, for numbers and amounts (an empty field never is)."""

from __future__ import annotations

import operator as py_op

from tessera.conditions.operators.base import register
from tessera.conditions.operators.comparing import OrderedOperator


@register
class GtOperator(OrderedOperator):
    """Greater than. Example:: ``{"field": "company_size", "op": "gt", "value": 500}``"""

    type = "gt"
    accepts = frozenset({"number"})
    browser = frozenset({"number"})
    fn = staticmethod(py_op.gt)
    symbol = ">"  # the same comparison in generated source
    label = {"zh-CN": "大于", "en": "greater than"}
