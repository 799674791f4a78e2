"""``contains_any``: the text contains at least one of the operands, ignoring case."""

from __future__ import annotations

import sqlalchemy as sa

from tessera.conditions.operators.base import Operator, register
from tessera.conditions.operators.text_match import (
    LIKE_ESCAPE,
    like_escape,
    lowered,
    lowered_source,
    words,
)

MAX_INLINE_WORDS = 32


@register
class ContainsAnyOperator(Operator):
    """Contains any, ignoring case. Example::

    {"field": "title", "op": "contains_any", "value": ["经理", "manager"]}
    """

    type = "contains_any"
    accepts = frozenset({"text"})
    browser = frozenset({"text"})
    label = {"zh-CN": "包含任一", "en": "contains any of"}
    operand = "values"

    def prepare(self, raw, *, field, ctx):
        return tuple(w.lower() for w in words(raw))

    def python(self, operand):
        def test(v, env):
            if v is None:
                return False
            text = str(v).lower()
            for word in operand:
                if word in text:
                    return True
            return False

        return test

    def python_values(self, key, operand):
        def predicate(values, env=None):
            v = values.get(key)
            if v is None:
                return False
            text = str(v).lower()
            for word in operand:
                if word in text:
                    return True
            return False

        return predicate

    def python_source(self, operand, value, src):
        if len(operand) > MAX_INLINE_WORDS:  # a long list: the closure's loop
            return super().python_source(operand, value, src)
        text = lowered_source(value, src)
        found = " or ".join(f"{src.literal(word)} in {text}" for word in operand)
        return f"({text} is not None and ({found}))"

    def sql(self, col, operand, *, scope, field):
        low = lowered(col)
        return sa.and_(
            col.isnot(None),
            sa.or_(*[low.like(f"%{like_escape(w)}%", escape=LIKE_ESCAPE) for w in operand]),
        )
