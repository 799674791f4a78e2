"""What a condition may ask at evaluation time: the instant, the signed-in user, team
membership, the record's behaviour events and its linked records.

Compiled conditions never read the clock or the database themselves; they ask an
:class:`EvalEnv`, so one compiled condition serves every request and ``tessera tick --at``
can move time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from tessera.runtime import clock


@dataclass(frozen=True)
class Event:
    """One behaviour event as conditions see it."""

    type: str
    props: dict
    occurred_at: dt.datetime


@dataclass
class EvalEnv:
    """Evaluation context of one request or one batch.

    ``conn`` (optional) lets the env load team members and linked records lazily; ``events``
    are the current record's behaviour events (the scoring engine loads them once per record).

    Example::

        env = EvalEnv(now=clock.now(), user_id=7, conn=conn, app_key="leads")
        predicate(record.values, env)
    """

    now: dt.datetime = field(default_factory=clock.now)
    user_id: int | None = None
    conn: sa.Connection | None = None
    app_key: str | None = None
    events: tuple[Event, ...] = ()
    timezone: str = "Asia/Shanghai"
    _teams: dict = field(default_factory=dict, repr=False)
    _linked: dict = field(default_factory=dict, repr=False)
    linked_tables: Any = None  # callable form_key -> sa.Table (a DeployedApp's forms)

    def team_members(self, keys: frozenset[str]) -> frozenset[int]:
        """Ids of users in any of the teams ``keys`` (empty without a connection)."""
        if keys not in self._teams:
            members: frozenset[int] = frozenset()
            if self.conn is not None:
                from tessera.runtime.tables import team_members, teams

                members = frozenset(
                    self.conn.execute(
                        sa.select(team_members.c.user_id)
                        .join(teams, teams.c.id == team_members.c.team_id)
                        .where(teams.c.key.in_(sorted(keys)))
                    ).scalars()
                )
            self._teams[keys] = members
        return self._teams[keys]

    def linked_values(self, form_key: str, record_id) -> dict | None:
        """The field values of a linked (not deleted) record, or None."""
        cache_key = (form_key, record_id)
        if cache_key not in self._linked:
            values = None
            table = self.linked_tables(form_key) if self.linked_tables else None
            if self.conn is not None and table is not None and record_id is not None:
                row = self.conn.execute(
                    sa.select(table).where((table.c.id == record_id) & table.c.deleted_at.is_(None))
                ).first()
                values = None if row is None else dict(row._mapping)
            self._linked[cache_key] = values
        return self._linked[cache_key]


def utc(value):
    """A datetime made timezone-aware UTC (SQLite hands stored instants back naive, in UTC)."""
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)
    return value


DEFAULT_ENV_FACTORY = EvalEnv
