"""Behaviour events on records (page views, downloads, webinar attendance, email clicks):
stored in ``events``, shown on the record's timeline, and the record rescored at once."""

from __future__ import annotations

import datetime as dt

from tessera.runtime import clock
from tessera.runtime.scoring.engine import rescore
from tessera.runtime.tables import activities, events

MAX_PROPS = 50


class EventError(ValueError):
    """An event that cannot be recorded; ``field`` names the member of the request."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field, self.message = field, message


def record_event(
    conn,
    form,
    record_id: int,
    *,
    type: str,
    props: dict | None = None,
    occurred_at: dt.datetime | None = None,
    actor_id: int | None = None,
) -> int:
    """Store one event for a record, add it to the timeline and rescore; returns its id.

    Example::

        record_event(conn, lead_form, 12, type="page_view", props={"page": "pricing"})
    """
    if not isinstance(type, str) or not type.strip() or len(type) > 60:
        raise EventError("type", "an event needs a type such as page_view (at most 60 characters)")
    props = props or {}
    if not isinstance(props, dict) or len(props) > MAX_PROPS:
        raise EventError("props", f"props must be an object with at most {MAX_PROPS} members")
    now = clock.now()
    at = occurred_at or now
    if at.tzinfo is None:
        raise EventError("occurred_at", "occurred_at needs a time zone offset")
    at = at.astimezone(dt.UTC)
    event_id = conn.execute(
        events.insert().values(
            app_key=form.app_key,
            form_key=form.key,
            record_id=record_id,
            type=type.strip(),
            props=props,
            occurred_at=at,
            created_at=now,
        )
    ).inserted_primary_key[0]
    conn.execute(
        activities.insert().values(
            app_key=form.app_key,
            form_key=form.key,
            record_id=record_id,
            kind="event",
            actor_id=actor_id,
            payload={"type": type.strip(), "props": props, "occurred_at": at.isoformat()},
            created_at=now,
        )
    )
    rescore(conn, form, record_id, actor_id=actor_id, reason="event")
    return event_id
