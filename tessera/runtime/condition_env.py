"""The runtime's side of the condition language: it says when «now» is (the one clock) and
hands over the platform tables some conditions read (behaviour events, teams).

The condition language (:mod:`tessera.conditions`) imports neither the clock nor these
tables; every evaluation env and SQL scope the runtime makes comes from here.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from tessera.conditions import EvalEnv, FormSchema, PlatformTables, SqlScope, compile_condition
from tessera.runtime import clock
from tessera.runtime.tables import events, team_members, teams

PLATFORM_TABLES = PlatformTables(events=events, teams=teams, team_members=team_members)


def eval_env(*, now: dt.datetime | None = None, **fields) -> EvalEnv:
    """An :class:`EvalEnv` at ``now`` (the clock's instant unless given), with the platform
    tables; ``fields`` are the env's other fields (``user_id``, ``conn``, ``events`` …).

    Example::

        predicate(values, eval_env(user_id=current_user.id, conn=conn))
    """
    return EvalEnv(now=clock.now() if now is None else now, tables=PLATFORM_TABLES, **fields)


def sql_scope(form, env: EvalEnv | None = None) -> SqlScope:
    """The SQL scope of a deployed form (``env`` defaults to :func:`eval_env`)."""
    return SqlScope(form, env or eval_env(app_key=form.app_key))


def compile_sql(
    cond: dict | None, form, ctx, env: EvalEnv | None = None, *, user_id: int | None = None
) -> sa.ColumnElement:
    """A WHERE clause for a condition document over ``form``'s table (a DeployedForm), as seen
    by ``user_id`` (whom ``is_me`` and ``in_team`` mean; ignored when ``env`` is given).

    Raises :class:`~tessera.conditions.ConditionError` (with ``.path``) for an unknown field,
    an operator the field does not accept, or an operand that does not fit.

    Example::

        compile_sql({"field": "industry", "op": "in", "value": ["finance"]}, lead_form, ctx)
    """
    compiled = compile_condition(cond, schema=FormSchema.of_deployed(form), ctx=ctx)
    env = env or eval_env(
        app_key=form.app_key, user_id=user_id, timezone=getattr(ctx, "timezone", "UTC")
    )
    return compiled.sql(SqlScope(form, env))
