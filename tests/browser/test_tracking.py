"""A company website on another origin includes the snippet; a known lead's visit to its
pricing page lands on the lead's timeline and raises its score, in real Chromium."""

from __future__ import annotations

import functools
import http.server
import json
import threading
import time
import urllib.request

import pytest
import sqlalchemy as sa

from tessera.runtime.capture.tracking import Visitor, visitor_token
from tessera.runtime.tables import events


@pytest.fixture
def website(tmp_path, live_server):
    """A static site on its own loopback port (a different origin from Tessera)."""
    (tmp_path / "pricing.html").write_text(
        "<!doctype html><title>Pricing</title><h1>Pricing</h1>"
        f'<script src="{live_server.url}/t/track.js" data-page="pricing"></script>',
        encoding="utf-8",
    )
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def _api(live_server, token, method, path, body=None):
    request = urllib.request.Request(
        live_server.url + path,
        method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def test_a_known_lead_visiting_the_pricing_page_scores(
    page, live_server, website, api_token, db_engine
):
    lead = _api(
        live_server,
        api_token,
        "POST",
        "/api/v1/apps/leads/forms/lead/records",
        {"fields": {"name": "访客甲", "email": "jia@acme.cn"}},
    )
    secret = live_server.app.extensions["tessera.settings"].secret_key
    token = visitor_token(secret, Visitor("leads", "lead", lead["id"]))

    page.goto(f"{website}/pricing.html?tl={token}")
    deadline = time.monotonic() + 10
    query = sa.select(events.c.props).where(
        (events.c.record_id == lead["id"]) & (events.c.type == "page_view")
    )
    while True:
        with db_engine.connect() as conn:
            seen = conn.execute(query).scalars().all()
        if seen or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert [p["page"] for p in seen] == ["pricing"]
    assert seen[0]["url"].startswith(f"{website}/pricing.html")
    after = _api(
        live_server, api_token, "GET", f"/api/v1/apps/leads/forms/lead/records/{lead['id']}"
    )
    assert after["fields"]["score"] == lead["fields"]["score"] + 15
    assert page.evaluate("localStorage.getItem('tessera_visitor')") == token, (
        "the visitor is remembered"
    )
