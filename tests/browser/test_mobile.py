"""The workspace on a phone: one column, nothing wider than the screen, thumb-sized inputs."""

from __future__ import annotations

import pytest

from tests.browser.pages import DETAIL_URL, expect, open_new_lead_form, submit
from tests.support import browser as browser_support

PHONE = {
    **browser_support.CONTEXT_OPTIONS,
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
}
MIN_TARGET = 44  # px, WCAG 2.5.5 / Apple HIG


@pytest.fixture
def page(browser):
    """A page in a phone-sized context (overrides the suite's desktop ``page``)."""
    context = browser.new_context(**PHONE)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def horizontal_overflow(page) -> int:
    """How many CSS pixels the page is wider than the screen (0 when it fits)."""
    return page.evaluate(
        "() => Math.max(0, document.scrollingElement.scrollWidth - window.innerWidth)"
    )


def small_controls(page) -> list[str]:
    """Visible form controls of the record form shorter than :data:`MIN_TARGET`."""
    return page.evaluate(
        """min => Array.from(document.querySelectorAll(
                'form.record-form input:not([type=hidden]), form.record-form select,'
                + ' form.record-form textarea, form.record-form button, form.record-form .button'))
            .filter(el => el.offsetParent !== null)
            .map(el => [el.id || el.name || el.textContent.trim(), el.getBoundingClientRect().height])
            .filter(([, h]) => h < min)
            .map(([name, h]) => `${name}: ${h}px`)""",
        MIN_TARGET,
    )


def test_the_lead_form_fits_a_phone_and_can_be_submitted(signed_in_page, live_server):
    page = signed_in_page
    open_new_lead_form(page, live_server.url)
    assert page.evaluate("window.innerWidth") == 390
    assert horizontal_overflow(page) == 0
    assert small_controls(page) == []
    # One column: the phone field sits below the name field, not beside it.
    name_box = page.locator("#name").bounding_box()
    phone_box = page.locator("#phone").bounding_box()
    assert phone_box["y"] > name_box["y"] + name_box["height"]
    assert name_box["width"] > 300

    page.locator("#name").tap()
    page.keyboard.type("陈静")
    page.fill("#phone", "139 1234 5678")
    page.select_option("#stage", "lost")  # shows 输单原因: still one column, still fits
    expect(page.locator(".field[data-field=lost_reason]")).to_be_visible()
    assert horizontal_overflow(page) == 0
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.locator("form.record-form .actions button[type=submit]").tap()
    assert posted.value.status == 303
    expect(page).to_have_url(DETAIL_URL)
    expect(page.locator("h1")).to_have_text("陈静")
    assert horizontal_overflow(page) == 0

    page.goto(live_server.url + "/a/leads/lead")  # on a phone the list is cards
    expect(page.locator(".record-card", has_text="陈静")).to_be_visible()
    expect(page.locator("table.records")).to_be_hidden()
    assert horizontal_overflow(page) == 0


def test_a_rejected_submission_still_fits(signed_in_page, live_server):
    page = signed_in_page
    open_new_lead_form(page, live_server.url)
    page.fill("#name", "陈静")
    page.fill("#email", "not-an-email")
    assert submit(page).status == 422
    expect(page.locator(".field[data-field=email] .field-error")).to_be_visible()
    assert horizontal_overflow(page) == 0


def test_the_top_bar_keeps_each_breadcrumb_on_one_line(signed_in_page, live_server):
    """On a phone the breadcrumbs «线索管理 › 线索» must not break inside a word."""
    page = signed_in_page
    page.goto(live_server.url + "/a/leads/lead/new")
    broken = page.evaluate(
        """() => Array.from(document.querySelectorAll('.crumbs > *'))
            .filter(el => {
                const range = document.createRange();
                range.selectNodeContents(el);
                return new Set(Array.from(range.getClientRects(), r => Math.round(r.top))).size > 1;
            })
            .map(el => el.textContent.trim())"""
    )
    assert broken == [], f"breadcrumbs wrapped over several lines: {broken}"
    assert horizontal_overflow(page) == 0
