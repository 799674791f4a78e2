"""``ge``: at least, for numbers and amounts (an empty field never is)."""

from __future__ import annotations

import operator as py_op

from tessera.conditions.operators.base import register
from tessera.conditions.operators.comparing import OrderedOperator


@register
class GeOperator(OrderedOperator):
    """At least. Example:: ``{"field": "score", "op": "ge", "value": 80}``"""

    type = "ge"
    accepts = frozenset({"number"})
    browser = frozenset({"number"})
    fn = staticmethod(py_op.ge)
    symbol = ">="  # the same comparison in generated source
    label = {"zh-CN": "大于等于", "en": "at least"}
