"""axe-core (vendored, tests/browser/vendor/axe.min.js) finds no serious or critical
accessibility violation on the pages people use every day."""

from __future__ import annotations

from pathlib import Path

from tests.browser.pages import DETAIL_URL, expect, submit

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
BLOCKING = {"serious", "critical"}


def violations(page) -> list[str]:
    """Serious and critical axe violations on the page, one readable line per failing node."""
    # Evaluated through the DevTools protocol: the page's Content-Security-Policy rightly
    # refuses an injected <script> tag (tests/browser/test_security_headers.py).
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        """() => axe.run(document, {resultTypes: ['violations'],
                                     runOnly: ['wcag2a', 'wcag2aa', 'wcag21aa', 'best-practice']})"""
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {node['target']}"
        for v in result["violations"]
        if v["impact"] in BLOCKING
        for node in v["nodes"]
    ]


def test_login_page_clean_and_with_an_error(page, live_server):
    page.goto(live_server.url + "/login")
    assert violations(page) == []
    page.fill("#email", "nobody@example.com")
    page.fill("#password", "wrong-password")
    page.click("form.stack button[type=submit]")
    expect(page.get_by_role("alert")).to_be_visible()
    assert violations(page) == []


def test_workspace_and_an_empty_form(signed_in_page, live_server):
    page = signed_in_page
    for path in ["/", "/a/leads", "/a/leads/lead/new"]:
        page.goto(live_server.url + path)
        assert violations(page) == [], path


def test_form_with_a_validation_error(signed_in_page, live_server):
    page = signed_in_page
    page.goto(live_server.url + "/a/leads/lead/new")
    page.fill("#email", "not-an-email")
    assert submit(page).status == 422
    assert violations(page) == []


def test_detail_and_list_with_a_record(signed_in_page, live_server):
    page = signed_in_page
    page.goto(live_server.url + "/a/leads/lead/new")
    page.fill("#name", "钱晨")
    page.fill("#phone", "138 0013 8002")
    submit(page)
    expect(page).to_have_url(DETAIL_URL)
    assert violations(page) == []
    page.goto(live_server.url + "/a/leads/lead")
    assert violations(page) == []
