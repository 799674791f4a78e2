"""Keyboard only: Tab, type, arrows and Enter get a user signed in and a lead saved, and the
focused element always shows a visible focus ring."""

from __future__ import annotations

import re

from tests.browser.pages import (
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    DETAIL_URL,
    expect,
    focus_ring,
    has_visible_focus,
    lead_rows,
    shown_value,
    tab_to,
)


def assert_focus_visible(page, selector: str) -> None:
    """The element matching ``selector`` has the focus and shows it."""
    assert page.evaluate("s => document.activeElement.matches(s)", selector), selector
    ring = focus_ring(page)
    assert has_visible_focus(ring), f"no visible focus indicator on {selector}: {ring}"


def arrow_to(page, select: str, text: str) -> None:
    """Move a focused ``<select>`` to the selectable option containing ``text`` with arrows."""
    steps = page.eval_on_selector(
        select,
        """(el, text) => {
            const usable = Array.from(el.options).filter(o => !o.disabled && !o.hidden);
            const from = usable.indexOf(el.selectedOptions[0]);
            return usable.findIndex(o => o.textContent.includes(text)) - from;
        }""",
        text,
    )
    for _ in range(abs(steps)):
        page.keyboard.press("ArrowDown" if steps > 0 else "ArrowUp")
    expect(page.locator(f"{select} option:checked")).to_contain_text(text)


def test_sign_in_with_the_keyboard(page, live_server):
    page.goto(live_server.url + "/login")
    assert_focus_visible(page, "#email")  # autofocus: start typing at once
    page.keyboard.type(ADMIN_EMAIL)
    page.keyboard.press("Tab")
    assert_focus_visible(page, "#password")
    page.keyboard.type(ADMIN_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + "/")
    expect(page.locator(".app-card", has_text="线索管理")).to_be_visible()


def test_the_skip_link_appears_on_the_first_tab(signed_in_page, live_server):
    page = signed_in_page
    page.goto(live_server.url + "/a/leads")
    page.keyboard.press("Tab")
    assert_focus_visible(page, "a.skip")
    box = page.locator("a.skip").bounding_box()
    assert box["x"] >= 0 and box["y"] >= 0, f"the focused skip link is off screen: {box}"
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))


def test_a_lead_can_be_created_with_the_keyboard(
    signed_in_page, live_server, db_engine, lead_table
):
    page = signed_in_page
    page.goto(live_server.url + "/")
    tab_to(page, "a.app-card")
    assert_focus_visible(page, "a.app-card")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/a/leads$"))
    tab_to(page, "a.form-card[href$='/lead']")
    assert_focus_visible(page, "a.form-card")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/a/leads/lead$"))
    tab_to(page, ".page-head a.button.primary")
    assert_focus_visible(page, ".page-head a.button.primary")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/a/leads/lead/new$"))

    tab_to(page, "#name")
    assert_focus_visible(page, "#name")
    page.keyboard.type("吴敏")
    page.keyboard.press("Tab")
    assert_focus_visible(page, "#phone")
    page.keyboard.type("138 0013 8001")
    tab_to(page, "#province")
    assert_focus_visible(page, "#province")
    arrow_to(page, "#province", "浙江省")
    page.keyboard.press("Tab")
    assert_focus_visible(page, "#city")
    arrow_to(page, "#city", "杭州市")
    tab_to(page, "form.record-form .actions button[type=submit]")
    assert_focus_visible(page, "form.record-form button[type=submit]")
    page.keyboard.press("Enter")

    page.wait_for_url(DETAIL_URL)
    expect(page.locator("h1")).to_have_text("吴敏")
    expect(shown_value(page, "city")).to_contain_text("杭州市")
    [stored] = lead_rows(db_engine, lead_table, name="吴敏")
    assert stored["phone"] == "+8613800138001"
    assert stored["city"] == "330100"


def test_enter_in_a_text_field_submits_the_form(signed_in_page, live_server, db_engine, lead_table):
    page = signed_in_page
    page.goto(live_server.url + "/a/leads/lead/new")
    tab_to(page, "#name")
    page.keyboard.type("郑浩")
    page.keyboard.press("Enter")
    page.wait_for_url(DETAIL_URL)
    assert len(lead_rows(db_engine, lead_table, name="郑浩")) == 1
