"""What the email tests share: a public lead, the messages queued, links found in an email."""

from __future__ import annotations

import itertools
import re
import urllib.parse

import sqlalchemy as sa

from tessera.runtime import clock
from tessera.runtime.catalog import AppCatalog
from tessera.runtime.tables import events, outbox, tasks

PHONES = itertools.count(10001)
HREF = re.compile(r'href="([^"]+)"')
PIXEL = re.compile(r'<img src="([^"]+/mail/open/[^"]+)"')


def public_lead(app, at, **fields):
    """A lead submitted on the public form (JSON), as of ``at``; returns its id."""
    phone = f"139{next(PHONES):08d}"  # a new person each time: dedup would merge them
    body = {"fields": {"name": "张伟", "phone": phone, **fields}}
    with clock.frozen_at(at):
        answer = app.test_client().post(f"/f/{app.slug}", json=body)
    assert answer.status_code == 201, answer.get_json()
    with app.extensions["tessera.engine"].connect() as conn:
        form = AppCatalog().get(conn, "leads").form("lead")
        return conn.execute(sa.select(sa.func.max(form.table.c.id))).scalar_one()


def queued(engine) -> list[dict]:
    with engine.connect() as conn:
        rows = conn.execute(sa.select(outbox).order_by(outbox.c.id))
        return [dict(r._mapping) for r in rows]


def events_of(engine, record_id, kind) -> list[dict]:
    with engine.connect() as conn:
        rows = conn.execute(
            sa.select(events).where((events.c.record_id == record_id) & (events.c.type == kind))
        )
        return [dict(r._mapping) for r in rows]


def tasks_of(engine, record_id) -> list[dict]:
    with engine.connect() as conn:
        rows = conn.execute(sa.select(tasks).where(tasks.c.record_id == record_id))
        return [dict(r._mapping) for r in rows]


def html_part(message) -> str:
    return message.get_body(preferencelist=("html",)).get_content()


def text_part(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def path_of(url: str) -> str:
    """The path (and query) of one of the server's URLs, for the test client."""
    parts = urllib.parse.urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def links(message) -> dict:
    """``{"open": url, "clicks": [url …], "unsubscribe": url}`` of a received email."""
    html = html_part(message)
    hrefs = HREF.findall(html)
    return {
        "open": PIXEL.search(html).group(1),
        "clicks": [h for h in hrefs if "/mail/click/" in h],
        "unsubscribe": next(h for h in hrefs if "/mail/unsubscribe/" in h),
    }
