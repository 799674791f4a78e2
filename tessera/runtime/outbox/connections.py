"""Connections: named endpoints (URL, signing secret) that flow steps send to by key.

They live in the platform's database, not in the app's metadata, so an exported app carries
no secret and an admin can point the template's ``sales_robot`` at the team's own robot.
"""

from __future__ import annotations

import re
import urllib.parse

import sqlalchemy as sa

from tessera.runtime import clock
from tessera.runtime.tables import connections

KINDS = ("webhook", "dingtalk", "wecom", "feishu")
KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


class BadConnection(ValueError):
    """A connection that cannot be saved: ``field`` names the culprit."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field


def check(key: str, kind: str, url: str, secret: str | None) -> None:
    """Raise :class:`BadConnection` naming the first bad part."""
    if not KEY.match(key or ""):
        raise BadConnection("key", "lower-case letters, digits and _, starting with a letter")
    if kind not in KINDS:
        raise BadConnection("kind", f"one of {', '.join(KINDS)}")
    parts = urllib.parse.urlsplit(url or "")
    if parts.scheme not in ("http", "https") or not parts.netloc or len(url) > 2000:
        raise BadConnection("url", "an http(s) URL of at most 2000 characters")
    if secret is not None and len(secret) > 200:
        raise BadConnection("secret", "at most 200 characters")


def put(conn, key: str, kind: str, url: str, *, secret=None, label: str = "", enabled=True) -> int:
    """Create or replace connection ``key``; returns its id."""
    check(key, kind, url, secret)
    now = clock.now()
    values = {
        "kind": kind,
        "url": url,
        "secret": secret or None,
        "label": label[:100],
        "enabled": enabled,
        "updated_at": now,
    }
    found = conn.execute(sa.select(connections.c.id).where(connections.c.key == key)).scalar()
    if found is not None:
        conn.execute(connections.update().where(connections.c.id == found).values(**values))
        return found
    return conn.execute(
        connections.insert().values(key=key, created_at=now, **values)
    ).inserted_primary_key[0]


def get_any(conn, key: str):
    """Connection ``key``, on or off, or None."""
    return conn.execute(sa.select(connections).where(connections.c.key == key)).first()


def get(conn, key: str):
    """The enabled connection ``key``, or None."""
    return conn.execute(
        sa.select(connections).where((connections.c.key == key) & connections.c.enabled)
    ).first()


def all_connections(conn) -> list:
    """Every connection, by key."""
    return conn.execute(sa.select(connections).order_by(connections.c.key)).all()


def remove(conn, key: str) -> bool:
    """Delete connection ``key``; False when there was none."""
    return conn.execute(connections.delete().where(connections.c.key == key)).rowcount == 1
