"""``is_me``: the field's user is the signed-in user (``env.user_id``)."""

from __future__ import annotations

import sqlalchemy as sa

from tessera.conditions.operators.base import Operator, register


@register
class IsMeOperator(Operator):
    """The signed-in user. Example:: ``{"field": "owner", "op": "is_me"}``"""

    type = "is_me"
    accepts = frozenset({"user"})
    takes_value = False
    needs_schema = True
    label = {"zh-CN": "是我", "en": "is me"}

    def prepare(self, raw, *, field, ctx):
        return None

    def python(self, operand):
        return lambda v, env: v is not None and env is not None and v == env.user_id

    def python_source(self, operand, value, src):
        return f"({value} is not None and env is not None and {value} == env.user_id)"

    def sql(self, col, operand, *, scope, field):
        user_id = scope.env.user_id
        if user_id is None:
            return sa.false()
        return sa.and_(col.isnot(None), col == user_id)
