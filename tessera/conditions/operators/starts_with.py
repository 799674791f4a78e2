"""``starts_with``: the text starts with the operand, ignoring case."""

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
class StartsWithOperator(Operator):
    """Starts with, ignoring case. Example::

    {"field": "company", "op": "starts_with", "value": "上海"}
    """

    type = "starts_with"
    accepts = frozenset({"text"})
    browser = frozenset({"text"})
    label = {"zh-CN": "开头是", "en": "starts with"}

    def prepare(self, raw, *, field, ctx):
        return one_word(raw, self.type)

    def python(self, operand):
        return lambda v, env: v is not None and str(v).lower().startswith(operand)

    def python_source(self, operand, value, src):
        text = lowered_source(value, src)
        return f"({text} is not None and {text}.startswith({src.literal(operand)}))"

    def sql(self, col, operand, *, scope, field):
        return sa.and_(
            col.isnot(None), lowered(col).like(f"{like_escape(operand)}%", escape=LIKE_ESCAPE)
        )
