"""``contains``: the text contains the operand, ignoring case."""

from __future__ import annotations

import sqlalchemy as sa

from tessera.conditions.operators.base import Operator, register
from tessera.conditions.operators.text_match import (
    LIKE_ESCAPE,
    like_escape,
    lowered,
    lowered_source,
    one_word,
)


@register
class ContainsOperator(Operator):
    """Contains, ignoring case. Example::

    {"field": "title", "op": "contains", "value": "总监"}
    """

    type = "contains"
    accepts = frozenset({"text"})
    browser = frozenset({"text"})
    label = {"zh-CN": "包含", "en": "contains"}

    def prepare(self, raw, *, field, ctx):
        return one_word(raw, self.type)

    def python(self, operand):
        return lambda v, env: v is not None and operand in str(v).lower()

    def python_source(self, operand, value, src):
        text = lowered_source(value, src)
        return f"({text} is not None and {src.literal(operand)} in {text})"

    def sql(self, col, operand, *, scope, field):
        return sa.and_(
            col.isnot(None), lowered(col).like(f"%{like_escape(operand)}%", escape=LIKE_ESCAPE)
        )
