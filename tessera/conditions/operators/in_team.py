"""``in_team``: the field's user belongs to one of the teams (by team key)."""

from __future__ import annotations

import sqlalchemy as sa

from tessera.conditions.env import team_members_select
from tessera.conditions.operators.base import OperandError, Operator, as_list, register


@register
class InTeamOperator(Operator):
    """A member of the teams. Example::

    {"field": "owner", "op": "in_team", "value": ["east_china"]}
    """

    type = "in_team"
    accepts = frozenset({"user"})
    needs_schema = True
    label = {"zh-CN": "属于团队", "en": "is in team"}
    operand = "teams"

    def prepare(self, raw, *, field, ctx):
        keys = [k for k in as_list(raw) if isinstance(k, str) and k.strip()]
        if not keys or len(keys) != len(as_list(raw)):
            raise OperandError(
                "name one or more teams by their key", "请用团队标识指明一个或多个团队"
            )
        return frozenset(keys)

    def python(self, operand):
        return lambda v, env: v is not None and env is not None and v in env.team_members(operand)

    def sql(self, col, operand, *, scope, field):
        members = team_members_select(scope.tables, operand)
        return sa.and_(col.isnot(None), col.in_(members))
