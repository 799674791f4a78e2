"""Whether a public post may be read at all, before its fields are: rate limits per address
and per link, the honeypot, and (form posts) the signed form token. The verdict is counted
on the link (``limited_count``, ``spam_count``) here, so every way in counts alike; the view
only turns the verdict into an answer in its format.

Example::

    post = PostFacts(ip="203.0.113.9", is_json=False, traps=("",), token=form_token)
    admission = admit(conn, link=link, post=post, limits=limits, tokens=FormTokens(secret))
    if admission.allowed:
        submission.idempotency_key = admission.nonce  # a form's token names its submission
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

import sqlalchemy as sa

from tessera.runtime.capture import links as link_rows
from tessera.runtime.capture.spam import (
    HONEYPOT,
    FormTokens,
    SpamSettings,
    check_ip_rate,
    check_link_rate,
)


class Verdict(enum.Enum):
    """What capture decided about one post."""

    ALLOWED = "allowed"
    LIMITED = "limited"  # over a rate limit: answer 429 with ``retry_after``
    SPAM = "spam"  # the honeypot was filled: answer as if it was stored, store nothing
    STALE = "stale"  # a form token that is missing, forged, for another link or expired
    TOO_FAST = "too_fast"  # sent sooner after rendering than a person can fill the form


@dataclass(frozen=True)
class PostFacts:
    """What the request says about itself, read by the view.

    ``traps``: every value found under the honeypot name (a JSON body may carry it beside
    its ``fields`` and inside); ``token``: the form's signed token (form posts only; JSON
    posts are guarded by the rate limits alone).
    """

    ip: str
    is_json: bool
    traps: tuple[str, ...] = ()
    token: str = ""


@dataclass(frozen=True)
class Admission:
    """The verdict; ``retry_after`` seconds when limited; ``nonce``: the form token's
    idempotency key (form posts that got past the token check)."""

    verdict: Verdict
    retry_after: int = 0
    nonce: str | None = None

    @property
    def allowed(self) -> bool:
        return self.verdict is Verdict.ALLOWED


def take_traps(*places: dict) -> tuple[str, ...]:
    """Remove the honeypot member from each dict of a JSON body and return what it held
    (so the trap never reaches the form's fields, where it would be an unknown key).

    Example::

        take_traps(body, body.get("fields") or {})  # ("", "http://spam.example")
    """
    return tuple(str(place.pop(HONEYPOT, "") or "") for place in places)


def admit(
    conn: sa.Connection,
    *,
    link,
    post: PostFacts,
    limits: SpamSettings,
    tokens: FormTokens,
) -> Admission:
    """Decide whether ``post`` to ``link`` is read, and count it: every post counts against
    its address, then its link; one over either limit is ``LIMITED`` (and counted on the
    link as limited). A filled honeypot is ``SPAM``; a form post's token is then checked
    (``STALE``, ``TOO_FAST``); each of these is counted on the link as spam.
    """
    decision = check_ip_rate(conn, ip=post.ip, limits=limits)
    if decision.allowed:
        decision = check_link_rate(conn, link_id=link.id, limits=limits)
    if not decision.allowed:
        link_rows.count(conn, link.id, "limited_count")
        return Admission(Verdict.LIMITED, retry_after=decision.retry_after)
    if any(trap.strip() for trap in post.traps):
        return _spam(conn, link, Verdict.SPAM)
    if post.is_json:
        return Admission(Verdict.ALLOWED)
    verdict, nonce = tokens.check(post.token, slug=link.slug, min_age_s=limits.min_fill_s)
    if verdict == "invalid":
        return _spam(conn, link, Verdict.STALE)
    if verdict == "too_fast":
        return _spam(conn, link, Verdict.TOO_FAST, nonce)
    return Admission(Verdict.ALLOWED, nonce=nonce)


def _spam(conn, link, verdict: Verdict, nonce: str | None = None) -> Admission:
    link_rows.count(conn, link.id, "spam_count")
    return Admission(verdict, nonce=nonce)
