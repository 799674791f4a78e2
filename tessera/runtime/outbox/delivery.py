"""Delivering queued messages: claim due ones with a lease, send each outside any
transaction, record the answer.

Two processes never send one message: a claim marks it ``sending`` with a lease token
(PostgreSQL ``FOR UPDATE SKIP LOCKED``; SQLite's writer transaction), and only the holder of
the lease records the outcome. A process that dies mid-send leaves the lease to run out; the
message is then sent again with the same ``Tessera-Idempotency-Key`` (at least once; the
receiver can drop the repeat). Failures retry after 1, 5, 30 and 120 minutes, then the
message is ``failed`` with the error; a permanent refusal (4xx, robot error code, no such
connection) fails at once.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import secrets
from collections import Counter

import sqlalchemy as sa

from tessera.runtime import clock
from tessera.runtime.database import my_turn, writer
from tessera.runtime.outbox import connections
from tessera.runtime.outbox.channels import (
    Delivery,
    Endpoint,
    SendFailed,
    channel_registry,
)
from tessera.runtime.store.timeline import jsonable
from tessera.runtime.tables import outbox

LEASE = dt.timedelta(minutes=2)
BATCH = 50
RETRY_AFTER = tuple(dt.timedelta(minutes=m) for m in (1, 5, 30, 120))


def deliver_due(engine: sa.Engine, settings=None, *, at: dt.datetime | None = None) -> Counter:
    """Send every message due as of ``at`` (default now); returns counts by outcome
    (``sent``, ``recorded``: done without sending, e.g. no SMTP server set up; ``retry``,
    ``failed``).

    Example::

        deliver_due(engine, settings)  # Counter({"sent": 3})
    """
    token = secrets.token_hex(8)
    outcomes: Counter = Counter()
    with clock.frozen_at(at) if at is not None else contextlib.nullcontext():
        while ids := claim_due(engine, token=token):
            for message_id in ids:
                outcomes[deliver_one(engine, message_id, token=token, settings=settings)] += 1
    return outcomes


def claim_due(engine: sa.Engine, *, token: str, limit: int = BATCH) -> list[int]:
    """Lease up to ``limit`` due messages (or ones whose lease ran out) to ``token``."""
    o, now = outbox, clock.now()
    claimable = sa.or_(
        sa.and_(o.c.state == "pending", o.c.due_at <= now),
        sa.and_(o.c.state == "sending", o.c.lease_until < now),
    )
    pick = (
        sa.select(o.c.id)
        .where(claimable)
        .order_by(o.c.due_at, o.c.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    with my_turn(engine), writer(engine).begin() as conn:
        claimed = conn.execute(
            o.update()
            .where(o.c.id.in_(pick.scalar_subquery()))
            .values(state="sending", lease_token=token, lease_until=now + LEASE)
            .returning(o.c.id)
        )
        return sorted(claimed.scalars())


def deliver_one(engine: sa.Engine, message_id: int, *, token: str, settings) -> str:
    """Send one leased message and record the outcome; returns it."""
    with engine.connect() as conn:
        message = conn.execute(sa.select(outbox).where(outbox.c.id == message_id)).first()
        endpoint = _endpoint(conn, message) if message else None
    if message is None or message.lease_token != token:
        return "lost"
    now = clock.now()
    try:
        if isinstance(endpoint, str):
            raise SendFailed(endpoint, permanent=True)
        channel = channel_registry.get(message.channel)
        result = channel.send(message.payload, endpoint, Delivery(settings, now), message.key)
    except Exception as exc:  # a channel's failure belongs to the message, not the loop
        return _failed(engine, message, token, exc)
    values = {"state": "sent", "result": jsonable(result), "error": None, "sent_at": clock.now()}
    outcome = "recorded" if (result or {}).get("not_sent") else "sent"  # e.g. no SMTP set up
    return outcome if _record(engine, message, token, values) else "lost"


def _endpoint(conn, message) -> Endpoint | str:
    """The message's endpoint, or why there is none."""
    if not channel_registry.get(message.channel).via_connection:
        return Endpoint(kind=message.channel, address=message.target)
    found = connections.get(conn, message.target)
    if found is None:
        return f"connection {message.target!r} is not set up or is turned off"
    if found.kind != message.channel:
        return f"connection {message.target!r} is a {found.kind} connection, not {message.channel}"
    return Endpoint(kind=found.kind, url=found.url, secret=found.secret)


def _failed(engine, message, token, exc: Exception) -> str:
    error = str(exc) if isinstance(exc, SendFailed) else f"{type(exc).__name__}: {exc}"
    permanent = getattr(exc, "permanent", False)
    if not permanent and message.attempt <= len(RETRY_AFTER):
        due = clock.now() + RETRY_AFTER[message.attempt - 1]
        values = {"state": "pending", "attempt": message.attempt + 1, "due_at": due}
        return "retry" if _record(engine, message, token, {**values, "error": error}) else "lost"
    return (
        "failed" if _record(engine, message, token, {"state": "failed", "error": error}) else "lost"
    )


def _record(engine, message, token, values) -> bool:
    """Write the outcome if this process still holds the lease."""
    o = outbox
    with my_turn(engine), writer(engine).begin() as conn:
        done = conn.execute(
            o.update()
            .where((o.c.id == message.id) & (o.c.state == "sending") & (o.c.lease_token == token))
            .values(lease_token=None, lease_until=None, **values)
        )
        return done.rowcount == 1
