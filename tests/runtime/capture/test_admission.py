"""Whether a public post is read at all (capture/admission.py), decided and counted on the
link, on SQLite and PostgreSQL: rate limits per address and per link, the honeypot, and the
form token's verdicts; JSON posts skip the token."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from tessera.runtime import clock
from tessera.runtime.capture.admission import PostFacts, Verdict, admit, take_traps
from tessera.runtime.capture.links import get_link
from tessera.runtime.capture.spam import HONEYPOT, FormTokens, SpamSettings
from tessera.runtime.tables import capture_links

LIMITS = SpamSettings(ip_limit=3, link_limit=5, window_s=60, min_fill_s=2)
TOKENS = FormTokens("admission-secret")


def _admit(leads, slug, post, limits=LIMITS):
    with leads.engine.begin() as conn:
        return admit(conn, link=get_link(conn, slug), post=post, limits=limits, tokens=TOKENS)


def _counts(leads, slug):
    with leads.engine.connect() as conn:
        row = conn.execute(
            sa.select(capture_links.c.spam_count, capture_links.c.limited_count).where(
                capture_links.c.slug == slug
            )
        ).one()
    return tuple(row)


def _issued_long_ago(slug):
    with clock.frozen_at(clock.now() - timedelta(minutes=5)):
        return TOKENS.issue(slug)


def test_a_json_post_needs_no_token(leads):
    slug = leads.link()["slug"]
    admission = _admit(leads, slug, PostFacts(ip="203.0.113.1", is_json=True))
    assert admission.allowed and admission.nonce is None
    assert _counts(leads, slug) == (0, 0)


def test_a_form_post_with_a_good_token_gets_its_nonce_as_the_key(leads):
    slug = leads.link()["slug"]
    token = _issued_long_ago(slug)
    post = PostFacts(ip="203.0.113.1", is_json=False, traps=("",), token=token)
    first, again = _admit(leads, slug, post), _admit(leads, slug, post)
    assert first.allowed and first.nonce and again.nonce == first.nonce
    assert _counts(leads, slug) == (0, 0)


def test_one_address_over_its_limit_is_limited_and_counted_others_are_not(leads):
    slug = leads.link()["slug"]
    post = PostFacts(ip="203.0.113.7", is_json=True)
    verdicts = [_admit(leads, slug, post).verdict for _ in range(4)]
    assert verdicts == [Verdict.ALLOWED] * 3 + [Verdict.LIMITED]
    limited = _admit(leads, slug, post)
    assert limited.verdict is Verdict.LIMITED and 1 <= limited.retry_after <= 60
    assert _counts(leads, slug) == (0, 2)
    assert _admit(leads, slug, PostFacts(ip="198.51.100.2", is_json=True)).allowed


def test_the_link_limit_holds_across_addresses(leads):
    slug = leads.link()["slug"]
    verdicts = [
        _admit(leads, slug, PostFacts(ip=f"198.51.100.{n}", is_json=True)).verdict for n in range(6)
    ]
    assert verdicts == [Verdict.ALLOWED] * 5 + [Verdict.LIMITED]
    assert _counts(leads, slug) == (0, 1)


def test_a_filled_honeypot_is_spam_in_either_format(leads):
    slug = leads.link()["slug"]
    token = _issued_long_ago(slug)
    as_json = PostFacts(ip="203.0.113.1", is_json=True, traps=("", " http://spam.example "))
    as_form = PostFacts(ip="203.0.113.2", is_json=False, traps=("x",), token=token)
    assert _admit(leads, slug, as_json).verdict is Verdict.SPAM
    assert _admit(leads, slug, as_form).verdict is Verdict.SPAM
    blank = PostFacts(ip="203.0.113.3", is_json=True, traps=("  ",))
    assert _admit(leads, slug, blank).allowed
    assert _counts(leads, slug) == (2, 0)


def test_form_tokens_missing_forged_foreign_or_fresh_are_refused_and_counted(leads):
    slug, other = leads.link()["slug"], leads.link()["slug"]
    forged = FormTokens("another-secret").issue(slug)
    for token in ("", "not-a-token", forged, _issued_long_ago(other)):
        post = PostFacts(ip="203.0.113.1", is_json=False, token=token)
        assert _admit(leads, slug, post, limits=SpamSettings()).verdict is Verdict.STALE
    fresh = PostFacts(ip="203.0.113.1", is_json=False, token=TOKENS.issue(slug))
    too_fast = _admit(leads, slug, fresh, limits=SpamSettings())
    assert too_fast.verdict is Verdict.TOO_FAST and too_fast.nonce
    assert _counts(leads, slug) == (5, 0)


def test_take_traps_removes_the_trap_beside_and_inside_the_fields():
    fields = {"name": "张三", HONEYPOT: "inside"}
    body = {"fields": fields, HONEYPOT: None}
    assert take_traps(body, fields) == ("", "inside")
    assert body == {"fields": {"name": "张三"}} and fields == {"name": "张三"}
