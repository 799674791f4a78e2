"""The lead form end to end: create, validation beside the field, conditional fields, edit.

The module shares one server: every test names its leads uniquely and looks them up by name.
"""

from __future__ import annotations

import re

from tests.browser.pages import (
    DETAIL_URL,
    choose,
    count_leads,
    expect,
    field,
    lead_rows,
    open_new_lead_form,
    option_texts,
    shown_value,
    submit,
)


def test_a_new_lead_is_saved_normalized_and_listed(
    signed_in_page, live_server, db_engine, lead_table, api_token
):
    page = signed_in_page
    open_new_lead_form(page, live_server.url)
    expect(field(page, "name").locator(".required")).to_be_visible()
    page.fill("#name", "张伟")
    page.fill("#phone", "138 0013 8000")
    page.fill("#email", "zhang.wei@example.com")
    page.fill("#company", "杭州某某制造有限公司")
    choose(page, "#province", "浙江省")
    cities = option_texts(page, "#city")
    assert any("杭州市" in c for c in cities)
    assert not any("南京市" in c for c in cities), "a city of 江苏省 is offered under 浙江省"
    choose(page, "#city", "杭州市")
    choose(page, "#industry", "制造业")

    response = submit(page)
    assert response.status == 303
    expect(page).to_have_url(DETAIL_URL)
    record_id = int(DETAIL_URL.search(page.url).group(1))
    expect(page.locator("h1")).to_have_text("张伟")
    expect(shown_value(page, "city")).to_contain_text("杭州市")
    expect(shown_value(page, "industry")).to_have_text("制造业")
    expect(page.locator(".flash")).to_be_visible()

    page.goto(live_server.url + "/a/leads/lead")
    row = page.locator("table.records tbody tr", has_text="张伟")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("杭州某某制造有限公司")

    [stored] = lead_rows(db_engine, lead_table, name="张伟")
    assert stored["phone"] == "+8613800138000"
    assert stored["email"] == "zhang.wei@example.com"
    assert stored["province"] == "330000"
    assert stored["city"] == "330100"
    assert stored["industry"] == "manufacturing"
    # The REST API reads the same normalized number (and the region as code and name).
    response = page.request.get(
        f"{live_server.url}/api/v1/apps/leads/forms/lead/records/{record_id}",
        headers={"Authorization": f"Bearer {api_token}"},
    )
    assert response.status == 200
    fields = response.json()["fields"]
    assert fields["phone"] == "+8613800138000"
    assert fields["city"] == {"code": "330100", "name": "杭州市"}


def test_a_bad_email_is_refused_beside_the_field_and_nothing_is_stored(
    signed_in_page, live_server, db_engine, lead_table
):
    page = signed_in_page
    open_new_lead_form(page, live_server.url)
    before = count_leads(db_engine, lead_table)
    page.fill("#name", "王芳")
    page.fill("#email", "not-an-email")

    response = submit(page)
    assert response.status == 422
    email = field(page, "email")
    expect(email.locator(".field-error")).to_have_text("请输入有效的邮箱地址")
    expect(email.locator("input")).to_have_attribute("aria-invalid", "true")
    expect(page.locator(".field-error")).to_have_count(1)  # only the email is wrong
    expect(page.get_by_role("alert")).to_be_visible()  # the banner above the form
    # What the user typed is still there to correct.
    expect(page.locator("#name")).to_have_value("王芳")
    expect(page.locator("#email")).to_have_value("not-an-email")
    assert count_leads(db_engine, lead_table) == before
    assert lead_rows(db_engine, lead_table, name="王芳") == []


def test_the_refused_field_is_outlined_in_the_error_colour(signed_in_page, live_server):
    """Besides the message, the refused input itself is marked (``.has-error`` border)."""
    page = signed_in_page
    open_new_lead_form(page, live_server.url)
    page.fill("#name", "王芳")
    page.fill("#email", "not-an-email")
    assert submit(page).status == 422

    def border(selector: str) -> str:
        return page.eval_on_selector(selector, "el => getComputedStyle(el).borderTopColor")

    assert border("#email") != border("#name"), (
        "the invalid email input has the same border as a valid one"
    )
    assert border("#email") == page.eval_on_selector(
        "#email-error", "el => getComputedStyle(el).color"
    ), "the invalid input's border is not the colour of its error message"


def test_lost_reason_shows_only_for_a_lost_lead_and_is_ignored_when_hidden(
    signed_in_page, live_server, db_engine, lead_table
):
    page = signed_in_page
    open_new_lead_form(page, live_server.url)
    reason = field(page, "lost_reason")
    expect(reason).to_be_hidden()
    expect(reason.locator("label")).to_have_text("输单原因")

    choose(page, "#stage", "输单")
    expect(reason).to_be_visible()
    choose(page, "#lost_reason", "价格因素")
    choose(page, "#stage", "已联系")
    expect(reason).to_be_hidden()

    # The hidden select still holds «价格因素» and the browser sends it: the server drops it.
    page.fill("#name", "赵磊")
    submit(page)
    expect(page).to_have_url(DETAIL_URL)
    [stored] = lead_rows(db_engine, lead_table, name="赵磊")
    assert stored["stage"] == "contacted"
    assert stored["lost_reason"] is None

    # A lost lead keeps its reason.
    open_new_lead_form(page, live_server.url)
    page.fill("#name", "孙丽")
    choose(page, "#stage", "输单")
    choose(page, "#lost_reason", "选择了竞品")
    submit(page)
    expect(shown_value(page, "lost_reason")).to_have_text("选择了竞品")
    [stored] = lead_rows(db_engine, lead_table, name="孙丽")
    assert stored["lost_reason"] == "competitor"


def test_editing_a_lead_shows_the_new_value_and_a_timeline_entry(
    signed_in_page, live_server, db_engine, lead_table
):
    page = signed_in_page
    open_new_lead_form(page, live_server.url)
    page.fill("#name", "周杰")
    page.fill("#company", "上海某某制造有限公司")
    submit(page)
    detail = page.url

    page.locator(".page-head a.button.primary[href$='/edit']").click()
    expect(page).to_have_url(re.compile(r"/edit$"))
    expect(page.locator("#company")).to_have_value("上海某某制造有限公司")
    page.fill("#company", "苏州某某科技有限公司")
    response = submit(page)
    assert response.status == 303
    expect(page).to_have_url(detail)
    expect(shown_value(page, "company")).to_have_text("苏州某某科技有限公司")

    entries = page.locator(".timeline li")
    expect(entries).to_have_count(2)  # created, then changed
    expect(entries.filter(has_text="公司名称")).to_have_count(1)
    [stored] = lead_rows(db_engine, lead_table, name="周杰")
    assert stored["company"] == "苏州某某科技有限公司"
