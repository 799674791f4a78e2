"""``lt``: less than, for numbers and amounts (an empty field never is)."""

from __future__ import annotations

import operator as py_op

from tessera.conditions.operators.base import register
from tessera.conditions.operators.comparing import OrderedOperator


@register
class LtOperator(OrderedOperator):
    """Less than. Example:: ``{"field": "company_size", "op": "lt", "value": 50}``"""

    type = "lt"
    accepts = frozenset({"number"})
    browser = frozenset({"number"})
    fn = staticmethod(py_op.lt)
    symbol = "<"  # the same comparison in generated source
    label = {"zh-CN": "小于", "en": "less than"}
