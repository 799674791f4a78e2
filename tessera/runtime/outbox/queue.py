"""Queueing a message in the caller's transaction, once per idempotency key."""

from __future__ import annotations

import sqlalchemy as sa

from tessera.runtime import clock
from tessera.runtime.store.timeline import jsonable
from tessera.runtime.tables import outbox


def enqueue(
    conn: sa.Connection,
    key: str,
    channel: str,
    target: str,
    payload: dict,
    *,
    app_key: str | None = None,
    form_key: str | None = None,
    record_id: int | None = None,
    run_id: int | None = None,
) -> tuple[int, bool]:
    """Queue ``payload`` for ``channel`` → ``target`` unless ``key`` was queued already;
    returns ``(message id, queued now)``. Commits with the caller's transaction, so a step
    rolled back queues nothing and a step repeated queues nothing twice.

    Example::

        enqueue(conn, "flow:7:notify", "dingtalk", "sales_robot", {"text": "新线索"})
    """
    found = conn.execute(sa.select(outbox.c.id).where(outbox.c.key == key)).scalar()
    if found is not None:
        return found, False
    now = clock.now()
    new_id = conn.execute(
        outbox.insert().values(
            key=key,
            channel=channel,
            target=target,
            payload=jsonable(payload),
            app_key=app_key,
            form_key=form_key,
            record_id=record_id,
            run_id=run_id,
            state="pending",
            due_at=now,
            created_at=now,
        )
    ).inserted_primary_key[0]
    return new_id, True
