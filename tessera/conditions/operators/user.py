"""User fields: ``is_me`` (the signed-in user) and ``in_team`` (a member of given teams)."""

from __future__ import annotations

import sqlalchemy as sa

from tessera.conditions.env import team_members_select
from tessera.conditions.operators.base import OperandError, Operator, as_list


class IsMeOperator(Operator):
    """The field's user is the signed-in user (``env.user_id``). Example::

    {"field": "owner", "op": "is_me"}
    """

    type = "is_me"
    takes_value = False
    needs_schema = True
    label = {"zh-CN": "是我", "en": "is me"}

    def prepare(self, raw, *, field, ctx):
        return None

    def python(self, operand):
        return lambda v, env: v is not None and env is not None and v == env.user_id

    def sql(self, col, operand, *, scope, field):
        user_id = scope.env.user_id
        if user_id is None:
            return sa.false()
        return sa.and_(col.isnot(None), col == user_id)


class InTeamOperator(Operator):
    """The field's user belongs to one of the teams (by team key). Example::

    {"field": "owner", "op": "in_team", "value": ["east_china"]}
    """

    type = "in_team"
    needs_schema = True
    label = {"zh-CN": "属于团队", "en": "is in team"}

    def prepare(self, raw, *, field, ctx):
        keys = [k for k in as_list(raw) if isinstance(k, str) and k.strip()]
        if not keys or len(keys) != len(as_list(raw)):
            raise OperandError("name one or more teams by their key")
        return frozenset(keys)

    def python(self, operand):
        return lambda v, env: v is not None and v in env.team_members(operand)

    def sql(self, col, operand, *, scope, field):
        members = team_members_select(scope.tables, operand)
        return sa.and_(col.isnot(None), col.in_(members))


OPERATORS = (IsMeOperator(), InTeamOperator())
