"""Under the Content-Security-Policy every page still works with no violation reported, an
injected inline script or handler does not run, and only the public form can be framed by
another site (issue 9, item 10), in real Chromium."""

from __future__ import annotations

import functools
import http.server
import threading

import pytest

from tessera.runtime.capture.links import create_link
from tessera.runtime.catalog import AppCatalog
from tests.browser.pages import expect, lead_rows

# Recorded before any page script runs (an init script is not subject to the page's CSP).
WATCH_CSP = """
window.__csp = [];
document.addEventListener("securitypolicyviolation",
  e => window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline")));
"""


@pytest.fixture
def watched(signed_in_page):
    signed_in_page.add_init_script(WATCH_CSP)
    return signed_in_page


@pytest.fixture
def other_site(tmp_path, live_server, db_engine):
    """A customer's website on its own loopback port, embedding a public form and, wrongly,
    the sign-in page."""
    with db_engine.begin() as conn:
        app = AppCatalog().get(conn, "leads")
        slug = create_link(conn, app, form_key="lead", source="website").slug
    (tmp_path / "contact.html").write_text(
        "<!doctype html><title>Contact</title>"
        f'<iframe id="form" src="{live_server.url}/f/{slug}?embed=1"></iframe>'
        f'<iframe id="login" src="{live_server.url}/login"></iframe>',
        encoding="utf-8",
    )
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_pages_work_under_the_policy_with_no_violation(watched, live_server, db_engine, lead_table):
    base = live_server.url
    for path in (
        "/",
        "/a/leads",
        "/a/leads/lead",
        "/a/leads/lead/new",
        "/design/",
        "/design/leads/form/lead",
        "/rules/leads/lead",
        "/a/leads/capture/links",
    ):
        response = watched.goto(base + path)
        assert response.status == 200, path
        watched.wait_for_load_state("networkidle")
        assert watched.evaluate("window.__csp") == [], path
    # A form with a confirmation (data-confirm, page.js): the dialog shows, the delete runs.
    watched.goto(base + "/a/leads/lead/new")
    watched.fill("#name", "CSP 删除测试")
    watched.click("form.record-form button[type=submit]")
    watched.wait_for_url("**/a/leads/lead/*")
    watched.on("dialog", lambda dialog: dialog.accept())
    watched.click("button.danger")
    watched.wait_for_url("**/a/leads/lead")
    assert watched.evaluate("window.__csp") == []
    assert lead_rows(db_engine, lead_table, name="CSP 删除测试") == []


def test_an_injected_inline_script_or_handler_does_not_run(watched, live_server):
    watched.goto(live_server.url + "/a/leads/lead")
    watched.evaluate(
        """() => {
          const script = document.createElement("script");
          script.textContent = "window.__pwned = 'script'";
          document.body.appendChild(script);
          const img = document.createElement("img");
          img.setAttribute("onerror", "window.__pwned_handler = 'handler'");
          img.src = "/no-such-image.png";
          document.body.appendChild(img);
        }"""
    )
    watched.wait_for_function("() => window.__csp.length >= 2")
    assert watched.evaluate("[window.__pwned, window.__pwned_handler]") == [None, None]
    assert all(v.startswith("script-src") for v in watched.evaluate("window.__csp"))


def test_only_the_public_form_can_be_framed_by_another_site(page, other_site):
    page.goto(other_site + "/contact.html")
    form = page.frame_locator("#form")
    expect(form.locator("form.public-form")).to_be_visible()
    expect(form.locator("#name")).to_be_editable()
    login = page.frame_locator("#login")
    expect(login.locator("#email")).to_have_count(0)
    frames = {f.name or f.url for f in page.frames}
    assert not any(url.endswith("/login") and "chrome-error" not in url for url in frames)
