"""The public submission pipeline: exactly once per idempotency key, tagged by its link,
cleaned like any other input, then created, merged or flagged by the dedup policy.

Exactly-once rests on the unique constraint ``(link_id, idempotency_key)``: the key is
claimed by inserting its row first, in the same transaction as the record. A concurrent
duplicate blocks on that insert until the first commits, then fails and reads the first
result instead of writing a second record.

A key is a whole key: longer than :data:`MAX_KEY` is refused, never cut (two keys sharing
their first 100 characters would collide). The row keeps a fingerprint of what was sent, so
the same key with a different body is refused (:class:`KeyReused`, 422) instead of silently
answering the first result, as payment APIs do.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass, field

import sqlalchemy as sa

from tessera.runtime import clock
from tessera.runtime.capture import links as link_rows
from tessera.runtime.capture.merge import create_with_policy
from tessera.runtime.forms.values import InvalidInput, clean_values
from tessera.runtime.store.records import RecordStore
from tessera.runtime.tables import capture_links, capture_submissions
from tessera.widgets.base import tr

UTM_KEYS = ("utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content")
MAX_KEY = 100  # capture_submissions.idempotency_key


class BadKey(ValueError):
    """An idempotency key we cannot keep whole (too long, or not printable text)."""


class KeyReused(Exception):
    """The idempotency key was used before with a different body."""


class LinkClosed(Exception):
    """The link takes no more submissions (``reason``: inactive, expired, full)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class SubmitResult:
    """The submission and the record it produced (or produced the first time, on a replay).

    ``record_id`` stays on the server: answers to the public name the submission only.
    """

    submission_id: int | None
    record_id: int | None
    outcome: str
    replayed: bool = False


@dataclass
class Submission:
    """One submission as received: raw field input, its key, its tags.

    Example::

        Submission(raw={"name": "张三"}, idempotency_key="k-1", utm={"utm_medium": "qr"})
    """

    raw: dict
    idempotency_key: str | None = None
    utm: dict = field(default_factory=dict)
    ip: str | None = None
    strict_keys: bool = False


def clean_key(raw) -> str | None:
    """The idempotency key as sent (surrounding spaces dropped), None when absent.

    Raises :class:`BadKey` for a key over :data:`MAX_KEY` characters or with control
    characters: it is refused rather than cut.
    """
    if raw is None:
        return None
    key = str(raw).strip()
    if len(key) > MAX_KEY:
        raise BadKey(f"at most {MAX_KEY} characters (this one has {len(key)})")
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in key):
        raise BadKey("printable characters only")
    return key or None


def fingerprint(submission: Submission) -> str:
    """A digest of what was sent (fields and tags), to tell a retry from a different body."""
    sent = {"fields": submission.raw, "utm": submission.utm}
    try:
        text = json.dumps(sent, sort_keys=True, default=str, separators=(",", ":"))
    except (RecursionError, ValueError):
        text = "unreadable"  # too deep to be valid input: cleaning refuses it, nothing stored
    return hashlib.sha256(text.encode()).hexdigest()


def receipt_id(secret_key: str, submission_id: int | None) -> str | None:
    """The public name of a submission: stable for its replays, opaque (it does not even
    count submissions), and unrelated to any record.

    Example::

        receipt_id(settings.secret_key, 41)  # 's_9c0f3e…'
    """
    if submission_id is None:
        return None
    digest = hmac.new(secret_key.encode(), f"receipt:{submission_id}".encode(), hashlib.sha256)
    return "s_" + digest.hexdigest()[:24]


def utm_of(args) -> dict:
    """The ``utm_*`` query parameters worth keeping (short strings only)."""
    return {k: str(args.get(k))[:200] for k in UTM_KEYS if args.get(k)}


def _first_result(conn, link_id: int, key: str, sent: str) -> SubmitResult | None:
    s = capture_submissions.c
    row = conn.execute(
        sa.select(s.id, s.record_id, s.outcome, s.fingerprint).where(
            (s.link_id == link_id) & (s.idempotency_key == key)
        )
    ).first()
    if row is None:
        return None
    if row.fingerprint is not None and row.fingerprint != sent:
        raise KeyReused(key)
    return SubmitResult(row.id, row.record_id, row.outcome, replayed=True)


def submit(conn: sa.Connection, *, link, form, submission: Submission, ctx) -> SubmitResult:
    """Store one submission through ``link`` (a :class:`~.links.Link` of ``form``).

    Raises :class:`InvalidInput` (nothing stored), :class:`LinkClosed`, :class:`BadKey` or
    :class:`KeyReused`.

    Example::

        submit(conn, link=link, form=lead_form, submission=Submission(raw=…), ctx=ctx)
    """
    key = clean_key(submission.idempotency_key)
    sent = fingerprint(submission)
    if key is not None:
        earlier = _first_result(conn, link.id, key, sent)
        if earlier is not None:
            return earlier
    reason = link.closed_reason()
    if reason:
        raise LinkClosed(reason)
    values = _clean(form, link, submission, ctx)
    claimed = _claim(conn, link, submission, key, sent)
    if isinstance(claimed, SubmitResult):
        return claimed
    origin = {"via": "link", "slug": link.slug, **submission.utm}
    outcome = create_with_policy(RecordStore(conn, form), values, origin=origin)
    conn.execute(
        capture_submissions.update()
        .where(capture_submissions.c.id == claimed)
        .values(record_id=outcome.record_id, outcome=outcome.kind)
    )
    return SubmitResult(claimed, outcome.record_id, outcome.kind)


def _clean(form, link, submission: Submission, ctx) -> dict:
    allowed = {f.key for f in link_rows.public_fields(form, link)}
    raw = {k: v for k, v in submission.raw.items() if k in allowed}
    errors = {}
    if submission.strict_keys:
        errors = {
            k: tr(ctx.locale, "此表单不接收该字段", "This form does not take this field")
            for k in submission.raw
            if k not in allowed
        }
    source, campaign = link_rows.source_field(form), link_rows.campaign_field(form)
    if link.source and source is not None:
        raw[source.key] = link.source
    if link.campaign_id and campaign is not None:
        raw[campaign.key] = link.campaign_id
    try:
        values = clean_values(form, raw, ctx, strict_keys=False)
    except InvalidInput as exc:
        raise InvalidInput({**exc.errors, **errors}) from None
    if errors:
        raise InvalidInput(errors)
    return values


def _claim(conn, link, submission: Submission, key: str | None, sent: str):
    """Take one place under the link's cap and claim the key; the submission row's id, or
    the first result when another request holds the key."""
    taken = conn.execute(
        capture_links.update()
        .where(
            (capture_links.c.id == link.id)
            & (
                capture_links.c.max_submissions.is_(None)
                | (capture_links.c.submission_count < capture_links.c.max_submissions)
            )
        )
        .values(submission_count=capture_links.c.submission_count + 1)
    )
    if taken.rowcount == 0:
        raise LinkClosed("full")
    row = {
        "link_id": link.id,
        "idempotency_key": key,
        "app_key": link.app_key,
        "form_key": link.form_key,
        "utm": submission.utm,
        "ip": submission.ip,
        "fingerprint": sent,
        "created_at": clock.now(),
    }
    savepoint = conn.begin_nested()
    try:
        submission_id = conn.execute(
            capture_submissions.insert().values(**row)
        ).inserted_primary_key[0]
        savepoint.commit()
    except sa.exc.IntegrityError:
        savepoint.rollback()
        conn.execute(
            capture_links.update()
            .where(capture_links.c.id == link.id)
            .values(submission_count=capture_links.c.submission_count - 1)
        )
        earlier = _first_result(conn, link.id, key, sent)
        return earlier or SubmitResult(None, None, "pending", replayed=True)
    return submission_id
