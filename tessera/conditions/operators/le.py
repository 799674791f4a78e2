"""``le``: at most, for numbers and amounts (an empty field never is)."""

from __future__ import annotations

import operator as py_op

from tessera.conditions.operators.base import register
from tessera.conditions.operators.comparing import OrderedOperator


@register
class LeOperator(OrderedOperator):
    """At most. Example:: ``{"field": "company_size", "op": "le", "value": 50}``"""

    type = "le"
    accepts = frozenset({"number"})
    browser = frozenset({"number"})
    fn = staticmethod(py_op.le)
    symbol = "<="  # the same comparison in generated source
    label = {"zh-CN": "小于等于", "en": "at most"}
