"""Visitor tokens: a signed reference that lets a website's page-view snippet report what one
browser does, without holding an API token.

Two kinds, one salt:

- a *submission* token (``["s", app, form, submission id]``), handed out after a public
  submission (the thank-you page and the JSON answer). It names the submission, never the
  record: a submission may have been merged into a lead the visitor did not create (same
  name and email are easy to know), so the token cannot say whose lead that is;
- a *record* token (``["r", app, form, record id]``), for links Tessera itself sends to a
  lead's own address (``?tl=<token>`` in an email).

What a page view with a token does (:func:`resolve_visitor`): for a record token, or a
submission that created its record (``created``, ``flagged``), it is a behaviour event of the
record and scores. For a submission merged into an existing record, nothing proves the
browser is that lead: the view is kept on the record's timeline as a visit of that
submission's browser (:data:`VISIT_KIND`), and is not an event — it never scores and no
event condition counts it.

Tokens of the first version (salt ``tessera.visitor.v1``) named the record of any submission,
merged or not; they are no longer accepted.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from itsdangerous import BadSignature, URLSafeSerializer

from tessera.runtime import clock
from tessera.runtime.store.records import RecordStore
from tessera.runtime.tables import activities, capture_submissions

SALT = "tessera.visitor.v2"
MAX_TOKEN = 200
VISIT_KIND = "visitor_page_view"
CREATED_BY_SUBMISSION = ("created", "flagged")  # the submission made the record (flagged: too)


@dataclass(frozen=True)
class Visitor:
    """What a visitor token names: a record (``kind="r"``) or a submission (``kind="s"``)."""

    app_key: str
    form_key: str
    id: int
    kind: str = "r"


@dataclass(frozen=True)
class VisitTarget:
    """Where a token's page views land: the record, and whether they count as its events."""

    record_id: int
    scores: bool
    submission_id: int | None = None


def visitor_token(secret_key: str, visitor: Visitor) -> str:
    """A URL-safe, signed token for ``visitor``.

    Example::

        visitor_token(settings.secret_key, Visitor("leads", "lead", 12, kind="s"))
    """
    serializer = URLSafeSerializer(secret_key, salt=SALT)
    return serializer.dumps([visitor.kind, visitor.app_key, visitor.form_key, visitor.id])


def read_visitor_token(secret_key: str, token) -> Visitor | None:
    """The visitor a token names, or None when it is malformed, forged or not a string."""
    if not isinstance(token, str) or not token or len(token) > MAX_TOKEN:
        return None
    try:
        kind, app_key, form_key, ident = URLSafeSerializer(secret_key, salt=SALT).loads(token)
    except (BadSignature, ValueError, TypeError):
        return None
    if kind not in ("r", "s") or not (isinstance(app_key, str) and isinstance(form_key, str)):
        return None
    if isinstance(ident, bool) or not isinstance(ident, int):
        return None
    return Visitor(app_key, form_key, ident, kind)


def resolve_visitor(conn: sa.Connection, visitor: Visitor) -> VisitTarget | None:
    """The record ``visitor``'s page views belong to, and whether they score; None when the
    submission is unknown or produced no record.

    Example::

        target = resolve_visitor(conn, Visitor("leads", "lead", 3, kind="s"))
    """
    if visitor.kind == "r":
        return VisitTarget(visitor.id, scores=True)
    row = conn.execute(
        sa.select(capture_submissions.c.record_id, capture_submissions.c.outcome).where(
            (capture_submissions.c.id == visitor.id)
            & (capture_submissions.c.app_key == visitor.app_key)
            & (capture_submissions.c.form_key == visitor.form_key)
        )
    ).first()
    if row is None or row.record_id is None:
        return None
    return VisitTarget(row.record_id, row.outcome in CREATED_BY_SUBMISSION, visitor.id)


def record_visit(conn: sa.Connection, form, target: VisitTarget, *, page: str, url: str) -> None:
    """Keep a page view of a merged submission's browser on the record's timeline (not an
    event: it does not score)."""
    payload = {"submission_id": target.submission_id, "page": page, "url": url}
    RecordStore(conn, form).note(target.record_id, VISIT_KIND, payload)


def recent_visits(conn: sa.Connection, form, record_id: int) -> int:
    """How many :func:`record_visit` entries the record got in the last minute."""
    since = clock.now() - dt.timedelta(minutes=1)
    query = (
        sa.select(sa.func.count())
        .select_from(activities)
        .where(
            (activities.c.app_key == form.app_key)
            & (activities.c.form_key == form.key)
            & (activities.c.record_id == record_id)
            & (activities.c.kind == VISIT_KIND)
            & (activities.c.created_at >= since)
        )
    )
    return conn.execute(query).scalar_one()
