"""Opens and clicks of a sent email, recorded as the record's behaviour events through the
record writer (``email_opened`` once per message, ``email_clicked`` per click), so scoring
rescores and flow conditions («the welcome email was not opened») see them.

Props: ``email`` (the email document's key), ``message`` (the outbox key of the message) and,
for clicks, ``url``.
"""

from __future__ import annotations

import sqlalchemy as sa

from tessera.runtime.events import record_event
from tessera.runtime.mail.tokens import MessageRef
from tessera.runtime.store.records import RecordStore
from tessera.runtime.tables import events


def _props(ref: MessageRef) -> dict:
    return {"email": ref.email_key, "message": ref.message_key}


def record_open(conn, form, ref: MessageRef) -> bool:
    """Record ``email_opened`` for the message unless it was recorded already; False when
    nothing was recorded (a repeat, or the record is gone)."""
    # The record's row lock serializes two opens of one message (PostgreSQL; SQLite's writer
    # transaction already does), so the second sees the first's event.
    if RecordStore(conn, form).get(ref.record_id, lock=True) is None:
        return False
    e = events
    seen = conn.execute(
        sa.select(e.c.id).where(
            (e.c.app_key == ref.app_key)
            & (e.c.form_key == ref.form_key)
            & (e.c.record_id == ref.record_id)
            & (e.c.type == "email_opened")
            & (e.c.props["message"].as_string() == ref.message_key)
        )
    ).first()
    if seen is not None:
        return False
    record_event(conn, form, ref.record_id, type="email_opened", props=_props(ref))
    return True


def record_click(conn, form, ref: MessageRef, url: str) -> bool:
    """Record ``email_clicked`` of ``url``; False when the record is gone."""
    if RecordStore(conn, form).get(ref.record_id) is None:
        return False
    record_event(conn, form, ref.record_id, type="email_clicked", props={**_props(ref), "url": url})
    return True
