"""What the browser tests do on the pages, by what a user sees or what the markup promises.

Test modules import ``expect`` from here, so they still collect (and skip with the reason)
where the playwright package is missing.

Selectors avoid UI strings that go through gettext (they change with the translations); they
use document labels (from ``leads.json``), ids and structure instead.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import sqlalchemy as sa

try:  # without playwright the ``browser`` fixture skips (or fails) with the reason
    from playwright.sync_api import expect
except ImportError:  # pragma: no cover
    expect = None

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

ADMIN_EMAIL = "admin@example.com"
ADMIN_PASSWORD = "correct-horse-42"

LEAD_FORMS_ZH = ["线索", "市场活动", "跟进记录", "客户"]
LEAD_FORMS_EN = ["Lead", "Campaign", "Follow-up", "Customer"]

DETAIL_URL = re.compile(r"/a/leads/lead/(\d+)$")


def sign_in(page: Page, base_url: str, email: str = ADMIN_EMAIL, password: str = ADMIN_PASSWORD):
    """Sign in through the login form and wait to leave it."""
    page.goto(base_url + "/login")
    page.fill("#email", email)
    page.fill("#password", password)
    page.click("form.stack button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)


def sign_out_button(page: Page) -> Locator:
    """The sign-out button in the top bar («退出登录» / «Sign out»)."""
    return page.locator("form[action='/logout'] button[type=submit]")


def save_button(page: Page) -> Locator:
    """The record form's submit button («保存» / «Save»)."""
    return page.locator("form.record-form .actions button[type=submit]")


def field(page: Page, key: str) -> Locator:
    """The wrapper (``.field``) of form field ``key``: label, input, help and error."""
    return page.locator(f"form.record-form .field[data-field='{key}']")


def shown_value(page: Page, key: str) -> Locator:
    """The value of field ``key`` on a record's detail page."""
    return page.locator(f"dd[data-field='{key}']")


def option_texts(page: Page, select: str, *, enabled_only: bool = True) -> list[str]:
    """The texts of a ``<select>``'s options a user can pick (not disabled, not hidden)."""
    return page.eval_on_selector(
        select,
        """(el, enabledOnly) => Array.from(el.options)
            .filter(o => !enabledOnly || (!o.disabled && !o.hidden))
            .map(o => o.textContent.trim())""",
        enabled_only,
    )


def choose(page: Page, select: str, text: str) -> str:
    """Pick the only selectable option of ``select`` whose text contains ``text``; its value."""
    values = page.eval_on_selector(
        select,
        """(el, text) => Array.from(el.options)
            .filter(o => !o.disabled && !o.hidden && o.textContent.includes(text))
            .map(o => o.value)""",
        text,
    )
    assert len(values) == 1, f"{select}: expected one option containing {text!r}, got {values}"
    page.select_option(select, value=values[0])
    return values[0]


def open_new_lead_form(page: Page, base_url: str) -> None:
    """From the app's home: 线索 → «+ 新建» (the "+ New" button)."""
    page.goto(base_url + "/a/leads")
    page.locator(".form-card", has_text=LEAD_FORMS_ZH[0]).first.click()
    page.wait_for_url(re.compile(r"/a/leads/lead$"))
    page.locator(".page-head a.button.primary").click()
    page.wait_for_url(re.compile(r"/a/leads/lead/new$"))


def submit(page: Page):
    """Click save and return the response to the form's POST (before any redirect)."""
    with page.expect_response(lambda r: r.request.method == "POST") as info:
        save_button(page).click()
    return info.value


def lead_rows(engine: sa.Engine, table: sa.Table, *, name: str | None = None) -> list[dict]:
    """Live leads as stored (those named ``name`` if given), oldest first."""
    query = sa.select(table).where(table.c.deleted_at.is_(None)).order_by(table.c.id)
    if name is not None:
        query = query.where(table.c.name == name)
    with engine.connect() as conn:
        return [dict(row._mapping) for row in conn.execute(query)]


def count_leads(engine: sa.Engine, table: sa.Table) -> int:
    """How many rows the lead table holds, deleted ones included."""
    with engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()


def tab_to(page: Page, selector: str, *, limit: int = 60) -> None:
    """Press Tab until the element matching ``selector`` has the focus (at most ``limit``)."""
    for _ in range(limit):
        if page.evaluate("s => document.activeElement?.matches(s) ?? false", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{selector} never got the focus after {limit} Tab presses")


def focus_ring(page: Page) -> dict:
    """How the focused element shows its focus: outline style/width and box-shadow."""
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            const s = getComputedStyle(el);
            return {tag: el.tagName, id: el.id, style: s.outlineStyle,
                    width: parseFloat(s.outlineWidth) || 0, shadow: s.boxShadow};
        }"""
    )


def has_visible_focus(ring: dict) -> bool:
    """Whether :func:`focus_ring` describes a visible indicator (a ≥2px outline or a shadow)."""
    outline = ring["style"] not in ("none", "") and ring["width"] >= 2
    return outline or ring["shadow"] not in ("none", "")
