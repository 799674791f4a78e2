"""The link-field picker in Chromium: a sales rep links a new follow-up to a lead by typing
part of its name and picking it with the keyboard (or a tap on a phone); another rep's lead
never shows up; without JavaScript the field is a select of the newest records."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
import sqlalchemy as sa

from tessera.runtime.auth.users import create_user, find_user
from tessera.runtime.catalog import AppCatalog
from tessera.runtime.store.records import RecordStore
from tests.browser.pages import expect, save_button, shown_value, sign_in, submit
from tests.browser.test_accessibility import violations
from tests.browser.test_mobile import PHONE
from tests.support import browser as browser_support

REP, OTHER, PASSWORD = "picker.rep@example.com", "picker.other@example.com", "picker-pass-42"
FOLLOWUP_URL = re.compile(r"/a/leads/followup/(\d+)$")


@pytest.fixture(scope="module")
def leads(db_engine):
    """Two reps; leads 欧阳青云 (the rep's), 欧阳青山 (the other rep's), 欧阳青岚 (the pool)."""
    with db_engine.begin() as conn:
        ids = {}
        for email in (REP, OTHER):
            user = find_user(conn, email) or create_user(
                conn, email=email, password=PASSWORD, role="sales", name=email.split("@")[0]
            )
            ids[email] = user.id
        store = RecordStore(conn, AppCatalog().get(conn, "leads").form("lead"))
        return {
            "mine": store.create({"name": "欧阳青云", "company": "云杉科技", "owner": ids[REP]}),
            "theirs": store.create(
                {"name": "欧阳青山", "company": "山海科技", "owner": ids[OTHER]}
            ),
            "pool": store.create({"name": "欧阳青岚", "company": "岚图科技"}),
        }


def stored_followups(db_engine, content: str) -> list[dict]:
    with db_engine.connect() as conn:
        table = AppCatalog().get(conn, "leads").form("followup").table
        return [
            dict(r._mapping)
            for r in conn.execute(sa.select(table).where(table.c.content == content))
        ]


def open_new_followup(page, live_server):
    sign_in(page, live_server.url, REP, PASSWORD)
    page.goto(live_server.url + "/a/leads/followup/new")
    return page.locator("#lead-search[role=combobox]")


def type_and_wait(page, search, text: str) -> None:
    """Type ``text`` into the picker key by key and wait for the answer to exactly it."""
    wanted = "q=" + quote(text)
    with page.expect_response(lambda r: "/pick?" in r.url and r.url.endswith(wanted)):
        search.press_sequentially(text, delay=30)


def offered(page) -> list[str]:
    return [t.strip() for t in page.locator("[role=option] .link-picker-title").all_text_contents()]


def test_a_rep_types_part_of_a_name_picks_with_the_keyboard_and_saves(
    page, live_server, db_engine, leads
):
    search = open_new_followup(page, live_server)
    expect(page.locator("select[name=lead]")).to_be_hidden()
    expect(page.locator("label[for=lead-search]")).to_be_visible()  # the label names the box
    type_and_wait(page, search, "欧阳青")
    expect(page.get_by_role("listbox")).to_be_visible()
    expect(page.locator("[role=option]")).to_have_count(2)
    assert set(offered(page)) == {"欧阳青云", "欧阳青岚"}  # not the other rep's 欧阳青山
    expect(search).to_have_attribute("aria-expanded", "true")
    assert violations(page) == []  # the open list too (combobox, listbox, options)
    target = offered(page).index("欧阳青云")
    for _ in range(target + 1):
        search.press("ArrowDown")
    active = page.locator("[role=option][aria-selected=true]")
    expect(active).to_contain_text("欧阳青云")
    expect(search).to_have_attribute("aria-activedescendant", re.compile(r"lead-results-\d"))
    search.press("Enter")
    expect(search).to_have_value("欧阳青云")
    expect(search).to_have_attribute("aria-expanded", "false")
    assert page.url.endswith("/a/leads/followup/new")  # Enter picked, it did not submit
    page.fill("#content", "键盘选择的跟进")

    response = submit(page)
    assert response.status == 303
    expect(page).to_have_url(FOLLOWUP_URL)
    expect(shown_value(page, "lead")).to_contain_text("欧阳青云")
    [row] = stored_followups(db_engine, "键盘选择的跟进")
    assert row["lead"] == leads["mine"]


def test_another_reps_lead_never_shows_and_escape_restores_the_pick(page, live_server, leads):
    search = open_new_followup(page, live_server)
    type_and_wait(page, search, "青山")  # only the other rep's lead is called so
    expect(page.locator(".link-picker-status")).to_be_visible()  # «no matching records»
    expect(page.locator("[role=option]")).to_have_count(0)
    search.fill("")
    type_and_wait(page, search, "欧阳")
    expect(page.locator("[role=option]")).to_have_count(2)
    assert "欧阳青山" not in offered(page)
    search.press("Enter")  # nothing highlighted: the first result
    picked = search.input_value()
    assert picked in ("欧阳青云", "欧阳青岚")
    search.press("Control+a")
    type_and_wait(page, search, "欧阳")
    expect(page.get_by_role("listbox")).to_be_visible()
    search.press("Escape")  # closes the list, keeps what was typed
    expect(page.get_by_role("listbox")).to_be_hidden()
    expect(search).to_have_value("欧阳")
    search.press("Escape")  # typed, never picked: back to the picked record
    expect(search).to_have_value(picked)
    assert page.locator("select[name=lead]").input_value() in {str(i) for i in leads.values()}


def test_on_a_phone_a_tap_picks(browser, live_server, db_engine, leads):
    context = browser.new_context(**PHONE)
    try:
        page = context.new_page()
        search = open_new_followup(page, live_server)
        search.tap()  # an empty box offers the newest records at once
        expect(page.locator("[role=option]").first).to_be_visible()
        type_and_wait(page, search, "青岚")
        option = page.locator("[role=option]", has_text="欧阳青岚")
        expect(option).to_have_count(1)
        assert option.bounding_box()["height"] >= 44
        option.tap()
        expect(search).to_have_value("欧阳青岚")
        page.fill("#content", "手机上选择的跟进")
        save_button(page).tap()
        expect(page).to_have_url(FOLLOWUP_URL)
        [row] = stored_followups(db_engine, "手机上选择的跟进")
        assert row["lead"] == leads["pool"]
    finally:
        context.close()


def test_without_javascript_the_field_is_a_select_of_the_newest_records(
    browser, live_server, db_engine, leads
):
    context = browser.new_context(**browser_support.CONTEXT_OPTIONS, java_script_enabled=False)
    try:
        page = context.new_page()
        open_new_followup(page, live_server)
        select = page.locator("select[name=lead]")
        expect(select).to_be_visible()
        options = select.locator("option").all_text_contents()
        assert any("欧阳青云" in o for o in options) and not any("欧阳青山" in o for o in options)
        select.select_option(value=str(leads["mine"]))
        page.fill("#content", "没有脚本的跟进")
        save_button(page).click()
        expect(page).to_have_url(FOLLOWUP_URL)
        [row] = stored_followups(db_engine, "没有脚本的跟进")
        assert row["lead"] == leads["mine"]
    finally:
        context.close()
