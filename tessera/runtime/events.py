"""Behaviour events on records (page views, downloads, webinar attendance, email clicks):
stored in ``events`` by the record writer, shown on the record's timeline, and the record
rescored at once (scoring subscribes to :class:`~tessera.runtime.store.write_events.EventReceived`)."""

from __future__ import annotations

import datetime as dt

from tessera.runtime import clock
from tessera.runtime.store.records import RecordStore

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
    """Check and store one event for a record through the record writer (its timeline entry;
    scoring rescores on it); returns its id.

    Example::

        record_event(conn, lead_form, 12, type="page_view", props={"page": "pricing"})
    """
    if not isinstance(type, str) or not type.strip() or len(type) > 60:
        raise EventError("type", "an event needs a type such as page_view (at most 60 characters)")
    props = props or {}
    if not isinstance(props, dict) or len(props) > MAX_PROPS:
        raise EventError("props", f"props must be an object with at most {MAX_PROPS} members")
    at = occurred_at or clock.now()
    if at.tzinfo is None:
        raise EventError("occurred_at", "occurred_at needs a time zone offset")
    store = RecordStore(conn, form, actor_id=actor_id)
    return store.receive_event(
        record_id, type=type.strip(), props=props, occurred_at=at.astimezone(dt.UTC)
    )
