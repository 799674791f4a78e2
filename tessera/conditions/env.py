"""What a condition may ask at evaluation time: the instant, the signed-in user, team
membership, the record's behaviour events and its linked records.

Compiled conditions never read the clock or import the runtime's tables; they ask an
:class:`EvalEnv` the caller passes (the runtime fills ``now`` from its one clock and
``tables`` with its platform tables), so one compiled condition serves every request and
``tessera tick --at`` can move time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import sqlalchemy as sa


@dataclass(frozen=True)
class Event:
    """One behaviour event as conditions see it."""

    type: str
    props: dict
    occurred_at: dt.datetime


@dataclass(frozen=True)
class PlatformTables:
    """The platform tables a few conditions read: behaviour events (event conditions) and
    teams (``in_team``). The runtime owns them and hands them over; the condition language
    never imports the runtime.

    Example::

        PlatformTables(events=events, teams=teams, team_members=team_members)
    """

    events: sa.Table
    teams: sa.Table
    team_members: sa.Table


@dataclass(kw_only=True)
class EvalEnv:
    """Evaluation context of one request or one batch.

    ``now`` is the instant conditions are evaluated at (time windows, event windows); the
    caller always gives it. ``conn`` and ``tables`` (optional) let the env load team
    members and linked records lazily; ``events`` are the current record's behaviour events
    (the scoring engine loads them once per record).

    Example::

        env = EvalEnv(now=clock.now(), user_id=7, conn=conn, tables=PLATFORM_TABLES)
        predicate(record.values, env)
    """

    now: dt.datetime
    user_id: int | None = None
    conn: sa.Connection | None = None
    app_key: str | None = None
    events: tuple[Event, ...] = ()
    timezone: str = "Asia/Shanghai"
    tables: PlatformTables | None = None
    linked_tables: Callable | None = None  # form_key -> sa.Table (a DeployedApp's forms)
    _teams: dict = field(default_factory=dict, repr=False)
    _linked: dict = field(default_factory=dict, repr=False)

    def team_members(self, keys: frozenset[str]) -> frozenset[int]:
        """Ids of users in any of the teams ``keys`` (empty without a connection)."""
        if keys not in self._teams:
            members: frozenset[int] = frozenset()
            if self.conn is not None and self.tables is not None:
                rows = self.conn.execute(team_members_select(self.tables, keys))
                members = frozenset(row[0] for row in rows)
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


def team_members_select(tables: PlatformTables, keys) -> sa.Select:
    """``SELECT user_id`` of the members of the teams ``keys`` (Python and SQL share it)."""
    members, teams = tables.team_members, tables.teams
    return (
        sa.select(members.c.user_id)
        .join(teams, teams.c.id == members.c.team_id)
        .where(teams.c.key.in_(sorted(keys)))
    )


def utc(value):
    """A datetime made timezone-aware UTC (SQLite hands stored instants back naive, in UTC)."""
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)
    return value
