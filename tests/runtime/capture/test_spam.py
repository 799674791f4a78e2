"""Anti-spam without captchas: honeypot, minimum fill time, rate limits, body size."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from tessera.runtime import clock
from tessera.runtime.capture.ratelimit import hit
from tessera.runtime.capture.spam import FormTokens
from tessera.runtime.config import Settings
from tessera.runtime.tables import capture_links
from tessera.runtime.web.app import create_app
from tests.runtime.conftest import form_token


def _counts(leads):
    with leads.engine.connect() as conn:
        row = conn.execute(
            sa.select(
                capture_links.c.submission_count,
                capture_links.c.spam_count,
                capture_links.c.limited_count,
            )
        ).one()
    return tuple(row)


def test_honeypot_looks_like_success_but_stores_nothing(leads):
    slug = leads.link()["slug"]
    token = form_token(leads.client.get(f"/f/{slug}").get_data(as_text=True))
    response = leads.client.post(
        f"/f/{slug}", data={"_token": token, "name": "bot", "hp-website": "http://spam.example"}
    )
    assert response.status_code == 303 and response.headers["Location"].endswith("/thanks")
    assert leads.rows() == []
    assert _counts(leads) == (0, 1, 0)


def test_a_form_sent_faster_than_a_person_can_fill_it_is_not_stored(leads):
    leads.app.config["CAPTURE_MIN_FILL_S"] = 3
    slug = leads.link()["slug"]
    token = form_token(leads.client.get(f"/f/{slug}").get_data(as_text=True))
    fast = leads.client.post(
        f"/f/{slug}", data={"_token": token, "name": "快手"}, headers={"Accept-Language": "en"}
    )
    assert fast.status_code == 422
    assert "check your answers" in fast.get_data(as_text=True)
    assert leads.rows() == [] and _counts(leads) == (0, 1, 0)
    with clock.frozen_at(clock.now() + timedelta(seconds=5)):
        later = leads.client.post(f"/f/{slug}", data={"_token": token, "name": "快手"})
    assert later.status_code == 303 and len(leads.rows()) == 1


def test_tokens_expire_after_a_day():
    tokens = FormTokens("secret")
    token = tokens.issue("abc")
    assert tokens.check(token, slug="abc", min_age_s=0)[0] == "ok"
    with clock.frozen_at(clock.now() + timedelta(days=2)):
        assert tokens.check(token, slug="abc", min_age_s=0) == ("invalid", None)


def test_fifty_rapid_posts_from_one_ip_store_at_most_the_limit(leads):
    leads.app.config["CAPTURE_IP_LIMIT"] = 5
    slug = leads.link()["slug"]
    # All inside one fixed window, however slow the machine (a window boundary would let
    # another five through).
    start = clock.now().replace(second=1, microsecond=0)
    with clock.frozen_at(start):
        responses = [
            leads.client.post(f"/f/{slug}", json={"name": f"访客{i}", "phone": f"1380013{i:04d}"})
            for i in range(50)
        ]
    codes = [r.status_code for r in responses]
    assert codes.count(201) == 5 and codes.count(429) == 45
    assert all(int(r.headers["Retry-After"]) >= 1 for r in responses if r.status_code == 429)
    assert len(leads.rows()) == 5
    assert _counts(leads) == (5, 0, 45)
    other_ip = leads.client.post(
        f"/f/{slug}", json={"name": "别人"}, environ_base={"REMOTE_ADDR": "203.0.113.7"}
    )
    assert other_ip.status_code == 201


def test_the_link_limit_holds_across_addresses(leads):
    leads.app.config["CAPTURE_LINK_LIMIT"] = 3
    slug = leads.link()["slug"]
    codes = [
        leads.client.post(
            f"/f/{slug}", json={"name": f"n{i}"}, environ_base={"REMOTE_ADDR": f"198.51.100.{i}"}
        ).status_code
        for i in range(6)
    ]
    assert codes == [201, 201, 201, 429, 429, 429]


def test_rate_windows_roll_over(engine):
    with engine.begin() as conn:
        assert [hit(conn, "ip:x", limit=2, window_s=60).allowed for _ in range(3)] == [
            True,
            True,
            False,
        ]
        with clock.frozen_at(clock.now() + timedelta(seconds=61)):
            assert hit(conn, "ip:x", limit=2, window_s=60).allowed


def test_a_large_body_is_refused(leads):
    slug = leads.link()["slug"]
    response = leads.client.post(f"/f/{slug}", json={"name": "x" * 100_000})
    assert response.status_code == 413
    assert leads.rows() == []


def test_a_honeypot_beside_the_fields_counts_too(leads):
    """Issue 9: a JSON post sending the trap field beside ``fields`` was stored."""
    slug = leads.link()["slug"]
    beside = leads.client.post(
        f"/f/{slug}", json={"fields": {"name": "bot"}, "hp-website": "http://spam.example"}
    )
    inside = leads.client.post(
        f"/f/{slug}", json={"fields": {"name": "bot", "hp-website": "http://spam.example"}}
    )
    for response in (beside, inside):
        assert response.status_code == 201, "looks like success"
        assert set(response.get_json()) == {"submission", "visitor_token"}
    assert leads.rows() == []
    assert _counts(leads) == (0, 2, 0)


def test_limits_come_from_the_environment(leads, settings, monkeypatch):
    monkeypatch.setenv("TESSERA_CAPTURE_IP_LIMIT", "3")
    monkeypatch.setenv("TESSERA_CAPTURE_WINDOW_S", "600")
    configured = Settings.from_env(
        instance_path=settings.instance_path,
        database_url=settings.database_url,
        secret_key="test",
        testing=True,
    )
    client = create_app(configured).test_client()
    slug = leads.link()["slug"]
    # JSON posts need no rendered form (embeds, scripts): the rate limits are their guard.
    responses = [client.post(f"/f/{slug}", json={"name": f"脚本{i}"}) for i in range(5)]
    assert [r.status_code for r in responses] == [201, 201, 201, 429, 429]
    assert 1 <= int(responses[-1].headers["Retry-After"]) <= 600
    assert len(leads.rows()) == 3


def test_a_limit_that_is_not_a_number_stops_the_start_naming_the_variable(tmp_path, monkeypatch):
    monkeypatch.setenv("TESSERA_CAPTURE_LINK_LIMIT", "lots")
    with pytest.raises(ValueError, match="TESSERA_CAPTURE_LINK_LIMIT must be a whole number"):
        Settings.from_env(instance_path=tmp_path)
