"""Page views from websites: ``/t/track.js`` (the snippet) and ``POST /t/page-view``.

Websites include the snippet; it picks up a visitor token (``?tl=`` in a link from an email,
or the message a Tessera form embedded in the page posts after a submission), keeps it in
the browser, and reports each page view. No API token is involved: a visitor token only
reports what its browser does, at a bounded rate; a submission merged into a lead the
browser may not own only adds unscored visits (``capture/tracking.py``). Every accepted view
answers 204 alike, so the answer never tells which kind of record the token reached.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask import Response, render_template, request

from tessera.runtime import clock
from tessera.runtime.capture.tracking import (
    read_visitor_token,
    recent_visits,
    record_visit,
    resolve_visitor,
)
from tessera.runtime.events import EventError, record_event
from tessera.runtime.tables import events
from tessera.runtime.web import json_input
from tessera.runtime.web.db import catalog, db, settings
from tessera.runtime.web.errors import api_error

MAX_PAGE = 200
MAX_URL = 2000
PER_MINUTE = 30  # page views one lead may report per minute


def _cors(response: Response) -> Response:
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Allow-Methods"] = "POST, OPTIONS"
    response.headers["Access-Control-Allow-Headers"] = "Content-Type"
    response.headers["Access-Control-Max-Age"] = "86400"
    return response


def snippet():
    """The page-view snippet, with this server's address in it."""
    base = settings().base_url
    body = render_template(
        "tracking/track.js", endpoint=f"{base}/t/page-view", script_url=f"{base}/t/track.js"
    )
    response = Response(body, mimetype="application/javascript")
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response


def page_view_preflight():
    """CORS preflight for browsers that send JSON."""
    return _cors(Response(status=204))


def _body() -> dict | None:
    # sendBeacon posts text/plain (no preflight); fetch may post JSON. The app's checked
    # parser drops a body with NUL or broken Unicode (PostgreSQL cannot store it) or deep
    # nesting: the event is not recorded and the answer is a 400.
    try:
        body = json_input.loads(request.get_data(cache=False, as_text=True) or "null")
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


def page_view():
    """Record a ``page_view`` event for the lead a visitor token names; 204 when stored."""
    body = _body()
    if body is None:
        return _cors(api_error(400, "send a JSON object {t, page, url}"))
    visitor = read_visitor_token(settings().secret_key, body.get("t"))
    if visitor is None:
        return _cors(api_error(400, "not a valid visitor token", fields={"t": "invalid"}))
    page, url = body.get("page"), body.get("url", "")
    if not isinstance(page, str) or not page.strip() or len(page) > MAX_PAGE:
        return _cors(
            api_error(422, "page must be a short text", fields={"page": f"1–{MAX_PAGE} characters"})
        )
    if not isinstance(url, str) or len(url) > MAX_URL:
        return _cors(
            api_error(422, "url must be text", fields={"url": f"at most {MAX_URL} characters"})
        )
    app = catalog().get(db(), visitor.app_key)
    form = app.form(visitor.form_key) if app else None
    target = resolve_visitor(db(), visitor) if form is not None else None
    if target is None or not _exists(form, target.record_id):
        return _cors(api_error(404, "the visitor's record no longer exists"))
    recent = (_recent_views if target.scores else recent_visits)(db(), form, target.record_id)
    if recent >= PER_MINUTE:
        response = api_error(429, "too many page views; try again later")
        response.headers["Retry-After"] = "60"
        return _cors(response)
    props = {"page": page.strip(), "url": url}
    if not target.scores:
        record_visit(db(), form, target, **props)
        return _cors(Response(status=204))
    try:
        record_event(db(), form, target.record_id, type="page_view", props=props)
    except EventError as exc:
        return _cors(api_error(422, exc.message, fields={exc.field: exc.message}))
    return _cors(Response(status=204))


def _exists(form, record_id: int) -> bool:
    t = form.table
    query = sa.select(t.c.id).where((t.c.id == record_id) & t.c.deleted_at.is_(None))
    return db().execute(query).first() is not None


def _recent_views(conn, form, record_id: int) -> int:
    since = clock.now() - dt.timedelta(minutes=1)
    query = (
        sa.select(sa.func.count())
        .select_from(events)
        .where(
            (events.c.app_key == form.app_key)
            & (events.c.form_key == form.key)
            & (events.c.record_id == record_id)
            & (events.c.type == "page_view")
            & (events.c.created_at >= since)
        )
    )
    return conn.execute(query).scalar_one()
