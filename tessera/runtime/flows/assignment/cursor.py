"""Round-robin cursors: one ``assignment_cursors`` row per pool, advanced in the deciding
transaction, so turns are fair across restarts and across worker processes.

The first statement of a turn is an upsert that adds one to the pool's ``turns``: on
PostgreSQL it takes the row's lock, so a second worker deciding for the same pool waits for
the first to commit and then sees its pick; on SQLite the flow step's transaction is a writer
(``BEGIN IMMEDIATE``) and nobody else writes meanwhile. The pick is the next eligible user
after the last one picked (by id, wrapping round), so a rep who goes on holiday and comes
back rejoins the rotation where their id sits, and nobody is picked twice in a row while
others wait.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from tessera.runtime.flows.assignment.base import Candidate
from tessera.runtime.tables import assignment_cursors as cursors


def take_turn(
    conn: sa.Connection, pool_key: str, candidates: Sequence[Candidate], *, now
) -> tuple[Candidate, int, int]:
    """Pick the candidate after the pool's last pick; returns ``(candidate, position, turn)``
    — its 1-based position among ``candidates`` (sorted by id) and the pool's turn number.

    Example::

        user, position, turn = take_turn(conn, "leads/lead/team:east_china", pool, now=now)
    """
    turn, last = lock_pool(conn, pool_key, now=now)
    ordered = sorted(candidates, key=lambda c: c.id)
    index = next((i for i, c in enumerate(ordered) if last is None or c.id > last), 0)
    chosen = ordered[index]
    record_pick(conn, pool_key, chosen.id)
    return chosen, index + 1, turn


def lock_pool(conn: sa.Connection, pool_key: str, *, now) -> tuple[int, int | None]:
    """Count one more turn of the pool, holding its row until the transaction ends (other
    deciders for this pool wait); returns ``(turn, last picked user id or None)``."""
    dialect = sqlite if conn.dialect.name == "sqlite" else postgresql
    row = conn.execute(
        dialect.insert(cursors)
        .values(pool_key=pool_key, turns=1, updated_at=now)
        .on_conflict_do_update(
            index_elements=[cursors.c.pool_key],
            set_={"turns": cursors.c.turns + 1, "updated_at": now},
        )
        .returning(cursors.c.turns, cursors.c.last_user_id)
    ).one()
    return row.turns, row.last_user_id


def record_pick(conn: sa.Connection, pool_key: str, user_id: int) -> None:
    """Remember who the pool picked last (after :func:`lock_pool`, same transaction)."""
    conn.execute(
        cursors.update().where(cursors.c.pool_key == pool_key).values(last_user_id=user_id)
    )
