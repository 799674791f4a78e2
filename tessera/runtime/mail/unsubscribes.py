"""Addresses that asked for no more email from an app (``unsubscribes``): written by the
unsubscribe link, read by every later send."""

from __future__ import annotations

import sqlalchemy as sa

from tessera.runtime import clock
from tessera.runtime.tables import unsubscribes


def normal_address(address: str) -> str:
    """How addresses are compared: trimmed, lower-cased."""
    return (address or "").strip().lower()


def is_unsubscribed(conn, app_key: str, address: str) -> bool:
    """Whether ``address`` unsubscribed from ``app_key``'s emails."""
    u = unsubscribes
    query = sa.select(u.c.id).where(
        (u.c.app_key == app_key) & (u.c.address == normal_address(address))
    )
    return conn.execute(query).first() is not None


def unsubscribe(
    conn,
    app_key: str,
    address: str,
    *,
    via: str,
    form_key: str | None = None,
    record_id: int | None = None,
    email_key: str | None = None,
) -> bool:
    """Add ``address`` to the app's list; False when it was on it already (nothing written).

    Example::

        unsubscribe(conn, "leads", "li@example.com", via="page", email_key="welcome")
    """
    if is_unsubscribed(conn, app_key, address):
        return False
    # A concurrent click of the same link: the unique key keeps one row, the loser changes nothing.
    savepoint = conn.begin_nested()
    try:
        conn.execute(
            unsubscribes.insert().values(
                app_key=app_key,
                address=normal_address(address)[:254],
                form_key=form_key,
                record_id=record_id,
                email_key=email_key,
                via=via,
                created_at=clock.now(),
            )
        )
    except sa.exc.IntegrityError:
        savepoint.rollback()
        return False
    savepoint.commit()
    return True
