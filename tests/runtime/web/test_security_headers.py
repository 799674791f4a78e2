"""Security headers on pages, API answers and public forms, framing only where embedding is
the point, and cookie flags (issue 9, item 10), on SQLite and PostgreSQL."""

import dataclasses
import re

import pytest

from tests.support.demo import ADMIN_EMAIL, PASSWORD, bearer, demo_app


@pytest.fixture
def demo(settings, migrated_db_url):
    app = demo_app(settings, csrf=False)
    client = app.test_client()
    link = client.post(
        "/api/v1/apps/leads/links",
        json={"form": "lead", "source": "website", "redirect_url": "https://www.acme.example/ok"},
        headers=bearer(app),
    )
    assert link.status_code == 201, link.get_json()
    client.slug = link.get_json()["slug"]
    client.app_ = app
    return client


def _csp(response) -> dict:
    policy = response.headers["Content-Security-Policy"]
    return {d.split(" ", 1)[0]: d.split(" ", 1)[1] for d in policy.split("; ")}


def _common(response):
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    csp = _csp(response)
    assert csp["default-src"] == "'self'" and csp["object-src"] == "'none'"
    assert re.fullmatch(r"'self' 'nonce-[\w-]{16,}'", csp["script-src"]), "no unsafe-inline"
    return csp


def test_a_page_an_api_answer_and_static_files_refuse_framing_elsewhere(demo):
    login = demo.get("/login")
    api = demo.get("/api/v1/apps", headers=bearer(demo.app_))
    static = demo.get("/static/js/page.js")
    for response in (login, api, static):
        assert response.status_code == 200
        assert _common(response)["frame-ancestors"] == "'self'"
        assert response.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert "Strict-Transport-Security" not in login.headers, "http: no HSTS"


def test_the_public_form_may_be_framed_by_any_site_the_poster_not(demo):
    form = demo.get(f"/f/{demo.slug}?embed=1")
    assert form.status_code == 200
    csp = _common(form)
    assert csp["frame-ancestors"] == "*" and "X-Frame-Options" not in form.headers
    assert csp["form-action"] == "'self' https://www.acme.example", "the link's redirect"
    nonce = csp["script-src"].split("'nonce-")[1].rstrip("'")
    assert f'<style nonce="{nonce}">' in form.get_data(as_text=True)
    sent = demo.post(f"/f/{demo.slug}", data={"name": "x"})  # no token: the closed page
    thanks = demo.get(f"/f/{demo.slug}/thanks")
    for response in (sent, thanks):
        assert _csp(response)["frame-ancestors"] == "*"
    poster = demo.get(f"/f/{demo.slug}/poster")
    assert _csp(poster)["frame-ancestors"] == "'self'"
    assert poster.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert _csp(demo.get(f"/f/{demo.slug}"))["script-src"] != csp["script-src"], "one per page"


def test_sign_in_cookies_are_http_only_and_same_site(demo):
    response = demo.post(
        "/login", data={"email": ADMIN_EMAIL, "password": PASSWORD, "remember": "1"}
    )
    assert response.status_code == 303
    cookies = {c.split("=", 1)[0]: c for c in response.headers.getlist("Set-Cookie")}
    for name in ("session", "remember_token"):
        assert "HttpOnly" in cookies[name] and "SameSite=Lax" in cookies[name], cookies[name]
        assert "Secure" not in cookies[name], "the site is http here"


def test_an_https_site_marks_cookies_secure_and_sends_hsts(settings, migrated_db_url):
    app = demo_app(dataclasses.replace(settings, base_url="https://crm.example.com"), csrf=False)
    client = app.test_client()
    response = client.post(
        "/login",
        data={"email": ADMIN_EMAIL, "password": PASSWORD, "remember": "1"},
        base_url="https://crm.example.com",
    )
    cookies = {c.split("=", 1)[0]: c for c in response.headers.getlist("Set-Cookie")}
    for name in ("session", "remember_token"):
        assert "Secure" in cookies[name] and "SameSite=Lax" in cookies[name]
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"
