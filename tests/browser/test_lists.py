"""Record lists in Chromium, at 1366 and 390 px, in zh-CN and English: a filter built with the
visual condition builder, a saved view, a bulk action, the list as cards on a phone, axe;
and a follow-up added from a lead's page, seen in its related records and its timeline."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from tessera.runtime.catalog import AppCatalog
from tessera.runtime.store.records import RecordStore
from tests.browser.pages import expect
from tests.browser.test_accessibility import violations
from tests.browser.test_mobile import horizontal_overflow

CASES = [(1366, "zh"), (390, "en"), (1366, "en"), (390, "zh")]


@pytest.fixture(scope="module")
def leads(db_engine):
    """Per case, three leads of a company marked with the case: two new, one contacted."""
    out = {}
    with db_engine.begin() as conn:
        store = RecordStore(conn, AppCatalog().get(conn, "leads").form("lead"))
        for width, language in CASES:
            mark = f"浏览器列表{width}{language}"
            out[(width, language)] = (
                mark,
                [
                    store.create({"name": f"{mark}甲", "company": mark, "stage": "new"}),
                    store.create({"name": f"{mark}乙", "company": mark, "stage": "new"}),
                    store.create({"name": f"{mark}丙", "company": mark, "stage": "contacted"}),
                ],
            )
    return out


def in_language(page, url, language):
    page.goto(url)
    want = "en" if language == "en" else "zh-CN"
    if page.locator("html").get_attribute("lang") != want:
        switch = page.locator("form.lang-switch")
        switch.get_by_role("button", name="English" if language == "en" else "中文").click()
        expect(page.locator("html")).to_have_attribute("lang", want)


def stages(db_engine, ids):
    with db_engine.connect() as conn:
        t = AppCatalog().get(conn, "leads").form("lead").table
        rows = conn.execute(sa.select(t.c.id, t.c.stage).where(t.c.id.in_(ids))).all()
    return {r.id: r.stage for r in rows}


@pytest.mark.parametrize("width, language", CASES)
def test_filter_save_a_view_and_change_stage_in_bulk(
    signed_in_page, live_server, leads, db_engine, width, language
):
    mark, ids = leads[(width, language)]
    page = signed_in_page
    page.set_viewport_size({"width": width, "height": 900})
    in_language(page, f"{live_server.url}/a/leads/lead?q={mark}", language)
    phone = width < 760
    rows = page.locator(".record-card" if phone else "table.records tbody tr")
    expect(rows).to_have_count(3)
    if phone:
        expect(page.locator("table.records")).to_be_hidden()
    assert horizontal_overflow(page) == 0

    # The filter: stage = new, built with the builder.
    page.locator(".filter-panel > summary").click()
    builder = page.locator(".filter-panel [data-condition-builder]")
    builder.locator(".cb-add-row").first.click()
    row = builder.locator("li.cb-row").first
    row.locator(".cb-field").select_option(value="stage")
    row = builder.locator("li.cb-row").first
    row.locator(".cb-op").select_option(value="eq")
    row.locator(".cb-value select").select_option(label="新线索" if language == "zh" else "New")
    page.locator(".filter-panel button[type=submit]").click()
    expect(rows).to_have_count(2)
    assert "filter=" in page.url
    assert violations(page) == []

    # Saved as a personal view (the filter, not the typed text): it is the current view.
    page.locator(".save-view > summary").click()
    page.locator("#view-name").fill(f"新线索 {width}{language}")
    page.locator(".save-view button[type=submit]").click()
    current = page.locator(".view-tabs a[aria-current]")
    expect(current).to_contain_text(f"新线索 {width}{language}")
    page.locator("#q").fill(mark)
    page.locator("#q").press("Enter")
    expect(rows).to_have_count(2)
    assert "view=" in page.url

    # Bulk: select both, set the stage to qualified.
    page.locator("input[name=ids]:visible").nth(0).check()
    page.locator("input[name=ids]:visible").nth(1).check()
    page.locator("#bulk-set").select_option(value="stage:qualified")
    page.locator("button[name=action][value=set]").click()
    expect(page.locator(".flash-success")).to_be_visible()
    assert stages(db_engine, ids) == {ids[0]: "qualified", ids[1]: "qualified", ids[2]: "contacted"}
    expect(rows).to_have_count(0)  # the view shows new leads only
    assert horizontal_overflow(page) == 0


@pytest.mark.parametrize("width, language", [(390, "zh"), (1366, "en")])
def test_a_follow_up_from_the_lead_page(signed_in_page, live_server, db_engine, width, language):
    with db_engine.begin() as conn:
        store = RecordStore(conn, AppCatalog().get(conn, "leads").form("lead"))
        lead_id = store.create({"name": f"跟进测试{width}", "phone": "+8613800138000"})
    page = signed_in_page
    page.set_viewport_size({"width": width, "height": 900})
    lead_url = f"{live_server.url}/a/leads/lead/{lead_id}"
    in_language(page, lead_url, language)
    expect(page.locator('a[href="tel:+8613800138000"]')).to_be_visible()
    related = page.locator("section.related", has=page.locator("#related-followup-lead"))
    related.get_by_role("link", name="跟进记录" if language == "zh" else "Follow-up").click()
    expect(page.locator("select[name=lead]")).to_have_value(str(lead_id))
    page.locator("textarea[name=content]").fill(f"电话沟通 {width}")
    page.locator("form.record-form button[type=submit]").last.click()
    page.wait_for_url(lead_url)
    expect(related).to_contain_text(f"电话沟通 {width}")
    words = "新增了跟进记录" if language == "zh" else "Follow-up #"
    expect(page.locator(".timeline")).to_contain_text(words)
    assert horizontal_overflow(page) == 0
    assert violations(page) == []
