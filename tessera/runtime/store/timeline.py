"""The timeline: every record's history (created, changed with old → new, scored, merged,
events, visits …) in the ``activities`` table. Written only through :func:`write` by the record
writer (:class:`~tessera.runtime.store.records.RecordStore`); read by record pages and APIs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from tessera.runtime.tables import activities


@dataclass(frozen=True)
class Entry:
    """One timeline row of a record of ``form``."""

    record_id: int
    kind: str
    payload: dict
    at: Any
    actor_id: int | None = None


def write(conn: sa.Connection, form, entries: list[Entry]) -> None:
    """Insert ``entries`` (one statement); payloads are made JSON-safe."""
    if not entries:
        return
    conn.execute(
        activities.insert(),
        [
            {
                "app_key": form.app_key,
                "form_key": form.key,
                "record_id": e.record_id,
                "kind": e.kind,
                "actor_id": e.actor_id,
                "payload": jsonable(e.payload),
                "created_at": e.at,
            }
            for e in entries
        ],
    )


def read(conn: sa.Connection, form, record_id: int) -> list[dict]:
    """The record's entries, newest first."""
    rows = conn.execute(
        sa.select(activities)
        .where(
            (activities.c.app_key == form.app_key)
            & (activities.c.form_key == form.key)
            & (activities.c.record_id == record_id)
        )
        .order_by(activities.c.created_at.desc(), activities.c.id.desc())
    )
    return [dict(r._mapping) for r in rows]


def jsonable(value):
    """Make change payloads JSON-safe (dates, decimals → strings)."""
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def erase(conn: sa.Connection, form, record_ids: list[int]) -> None:
    """Delete the entries of records erased for good (the recycle bin's purge)."""
    conn.execute(
        activities.delete().where(
            (activities.c.app_key == form.app_key)
            & (activities.c.form_key == form.key)
            & activities.c.record_id.in_(record_ids)
        )
    )
