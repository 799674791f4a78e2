"""In-app notifications: what a user is told (a record assigned to them), unread until they
open it. Written in the transaction of what caused them; read by the workspace's bell.

A notification keeps structured facts (``payload``); its words are rendered when it is read,
in the reader's language (:func:`notification_text`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from tessera.runtime import clock
from tessera.runtime.outbox import enqueue
from tessera.runtime.store.timeline import jsonable
from tessera.runtime.tables import notifications, users
from tessera.widgets.base import label_text, tr

LIST_LIMIT = 50


@dataclass(frozen=True)
class Notification:
    """One notification as its reader sees it."""

    id: int
    kind: str
    app_key: str | None
    form_key: str | None
    record_id: int | None
    payload: dict
    created_at: Any
    read_at: Any

    @property
    def unread(self) -> bool:
        return self.read_at is None


def notify(
    conn: sa.Connection,
    *,
    user_id: int,
    kind: str,
    payload: dict,
    app_key: str | None = None,
    form_key: str | None = None,
    record_id: int | None = None,
    key: str | None = None,
    run_id: int | None = None,
) -> int:
    """Tell ``user_id`` something about a record; returns the notification's id. A user who
    asked for email (``notify_email``) also gets it by email, queued in this transaction
    under ``key`` (once per key: a repeated step sends nothing twice), in their language.

    Example::

        notify(conn, user_id=rep.id, kind="assigned", app_key="leads", form_key="lead",
               record_id=7, payload={"title": "张伟", "assignment": reason})
    """
    new_id = conn.execute(
        notifications.insert().values(
            user_id=user_id,
            kind=kind,
            app_key=app_key,
            form_key=form_key,
            record_id=record_id,
            payload=jsonable(payload),
            created_at=clock.now(),
        )
    ).inserted_primary_key[0]
    reader = conn.execute(
        sa.select(users.c.email, users.c.locale, users.c.notify_email).where(users.c.id == user_id)
    ).first()
    if reader is not None and reader.notify_email:
        locale = "en" if (reader.locale or "").startswith("en") else "zh_CN"
        item = Notification(new_id, kind, app_key, form_key, record_id, payload, None, None)
        text = notification_text(item, locale)
        notice = {
            "subject": text.split("。")[0].split(". ")[0][:150],
            "text": text,
            "path": f"/a/{app_key}/{form_key}/{record_id}" if record_id else "/notifications",
            "language": locale,
        }
        refs = {"app_key": app_key, "form_key": form_key, "record_id": record_id, "run_id": run_id}
        enqueue(
            conn, f"{key or 'notification'}:{new_id}:notice", "notice", reader.email, notice, **refs
        )
    return new_id


def unread_count(conn: sa.Connection, user_id: int) -> int:
    """How many notifications ``user_id`` has not read."""
    n = notifications
    query = sa.select(sa.func.count()).where(n.c.user_id == user_id, n.c.read_at.is_(None))
    return conn.execute(query).scalar_one()


def recent(conn: sa.Connection, user_id: int, *, limit: int = LIST_LIMIT) -> list[Notification]:
    """The user's newest notifications, unread and read."""
    n = notifications
    rows = conn.execute(
        sa.select(n)
        .where(n.c.user_id == user_id)
        .order_by(n.c.created_at.desc(), n.c.id.desc())
        .limit(limit)
    )
    return [_notification(r) for r in rows]


def find(conn: sa.Connection, user_id: int, notification_id: int) -> Notification | None:
    """One of the user's notifications (None: not theirs, or none)."""
    n = notifications
    row = conn.execute(
        sa.select(n).where(n.c.user_id == user_id, n.c.id == notification_id)
    ).first()
    return None if row is None else _notification(row)


def _notification(r) -> Notification:
    return Notification(
        r.id, r.kind, r.app_key, r.form_key, r.record_id, r.payload or {}, r.created_at, r.read_at
    )


def mark_read(conn: sa.Connection, user_id: int, notification_id: int | None = None) -> int:
    """Mark one of the user's notifications read (all of them when no id); returns how many."""
    n = notifications
    query = n.update().where(n.c.user_id == user_id, n.c.read_at.is_(None))
    if notification_id is not None:
        query = query.where(n.c.id == notification_id)
    return conn.execute(query.values(read_at=clock.now())).rowcount


def notification_text(item: Notification, locale: str) -> str:
    """The notification in words: «分配给你：张伟（规则 1：…）»."""
    from tessera.runtime.flows.assignment.explain import explain

    title = item.payload.get("title") or f"#{item.record_id}"
    form = label_text(item.payload.get("form_label"), locale)
    if item.kind == "assigned":
        why = explain(item.payload.get("assignment"), locale)
        return tr(
            locale,
            "{form}「{title}」已分配给您。{why}",
            "{form} «{title}» was assigned to you. {why}",
        ).format(form=form, title=title, why=why)
    return tr(locale, "{form}「{title}」", "{form} «{title}»").format(form=form, title=title)
