"""A builder designs an automation in the browser: new automation, a branch on company size
built in the condition builder with a task on its yes side, a two-day wait and the closing
message step (a task: email is not an action yet), steps put in order by dragging and by the
move buttons, saved, checked, test-run on a record found by its title, published — and the
run shows on a new record's timeline. The designer fits a phone in zh-CN and English."""

from __future__ import annotations

import datetime as dt

import pytest

from tessera.runtime import clock
from tessera.runtime.flows.runner import run_due
from tests.browser.pages import expect
from tests.support import browser as browser_support

LEADS = "/api/v1/apps/leads/forms/lead/records"


def _lead(live_server, api_token, name: str, size: int) -> int:
    client = live_server.app.test_client()
    fields = {"name": name, "company": f"{name}公司", "company_size": size}
    fields["email"] = f"{name.encode().hex()[:12]}@example.com"
    answer = client.post(
        LEADS + "?dedup=off",
        json={"fields": fields},
        headers={"Authorization": f"Bearer {api_token}"},
    )
    assert answer.status_code == 201, answer.get_json()
    return answer.get_json()["id"]


def _fits(page) -> bool:
    return page.evaluate("() => document.scrollingElement.scrollWidth <= window.innerWidth")


def _top_keys(page) -> list[str]:
    return page.locator("#fd-canvas > .fd-lane-wrap > ol.fd-lane > li.fd-step").evaluate_all(
        "items => items.map(i => i.dataset.key)"
    )


def _drag(page, handle, target) -> None:
    """Drag ``handle`` by mouse onto the top of ``target`` (SortableJS follows the pointer)."""
    start, end = handle.bounding_box(), target.bounding_box()
    page.mouse.move(start["x"] + start["width"] / 2, start["y"] + start["height"] / 2)
    page.mouse.down()
    page.mouse.move(start["x"] + 5, start["y"] - 20, steps=5)
    page.mouse.move(end["x"] + 40, end["y"] + 5, steps=10)
    page.mouse.up()


def _panel_field(page, bind: str):
    return page.locator(f'#fd-panel-body [data-bind="{bind}"]')


def test_design_test_run_publish_and_see_the_run_on_the_timeline(
    signed_in_page, live_server, db_engine, api_token
):
    page = signed_in_page
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(live_server.url + "/flows/leads")
    page.fill("#new-flow-name", "大客户欢迎")
    page.select_option("#new-flow-form", label="线索")
    page.get_by_role("button", name="创建并设计").click()
    expect(page.locator("h1")).to_have_text("设计自动化")
    expect(page.locator(".fd-trigger .fd-title")).to_have_text("新建记录时")

    # The closing email step first, then the branch: dragged above it afterwards.
    page.get_by_role("button", name="发送邮件").first.click()
    _panel_field(page, "config.email").locator("select").select_option(label="欢迎邮件")
    expect(page.locator(".fd-step .fd-title").first).to_have_text("发送邮件")
    page.get_by_role("button", name="分支（是 / 否）").click()
    expect(_panel_field(page, "if").locator("[data-condition-builder]")).to_be_visible()
    root = _panel_field(page, "if").locator(".cb-view > fieldset.cb-group")
    root.locator(":scope > .cb-actions .cb-add-row").click()
    row = root.locator(":scope > .cb-items > li.cb-row").nth(0)
    row.locator(".cb-field").select_option(label="公司规模")
    row = root.locator(":scope > .cb-items > li.cb-row").nth(0)
    row.locator(".cb-op").select_option(label="大于")
    row.locator(".cb-value input").fill("500")
    row.locator(".cb-value input").press("Tab")
    assert _top_keys(page) == ["send_email_1", "branch_1"]
    _drag(
        page,
        page.locator('li.fd-step[data-key="branch_1"] > .fd-card .fd-drag'),
        page.locator('li.fd-step[data-key="send_email_1"] > .fd-card'),
    )
    expect(page.locator("#fd-canvas ol.fd-lane > li.fd-step").first).to_have_attribute(
        "data-key", "branch_1"
    )
    assert _top_keys(page) == ["branch_1", "send_email_1"]

    # A task on the yes side, added at the lane's own «+».
    page.locator('li.fd-step[data-key="branch_1"] .fd-side-yes .fd-add').click()
    expect(page.locator("#fd-insert-at")).to_contain_text("是")
    page.get_by_role("button", name="创建任务").first.click()
    _panel_field(page, "config.title").locator("input").fill("致电大客户")
    yes = page.locator('li.fd-step[data-key="branch_1"] .fd-side-yes li.fd-step')
    expect(yes).to_have_count(1)

    # The wait: added at the end, then moved up with the keyboard (the move buttons).
    page.locator("#fd-canvas > .fd-lane-wrap > button.fd-add").click()
    expect(page.locator("#fd-insert-at")).to_have_text("将添加到流程的第 3 步。")
    page.get_by_role("button", name="等待", exact=True).click()
    days = _panel_field(page, "wait.days").locator("input")
    days.fill("2")
    days.press("Tab")
    expect(page.locator('li.fd-step[data-key="wait_1"] .fd-title')).to_have_text("等待 2 天")
    page.get_by_role("button", name="上移：等待 2 天").focus()
    page.keyboard.press("Enter")
    assert _top_keys(page) == ["branch_1", "wait_1", "send_email_1"]

    page.click("#fd-save")
    expect(page.locator("#fd-status")).to_have_text("已保存到草稿。")
    page.click("#fd-check")
    expect(page.locator("#fd-status")).to_have_text("没有问题，可以发布。")

    # A test run on a big lead found by its title: the yes side, the wait, nothing kept.
    big = _lead(live_server, api_token, "试运行大客户", 900)
    page.fill("#fd-record-q", "试运行大客户")
    page.locator("#fd-record-results button", has_text="试运行大客户").click()
    page.click("#fd-test-run")
    result = page.locator("#fd-test-result")
    expect(result).to_contain_text("条件满足：是")
    expect(result).to_contain_text("致电大客户")
    expect(result).to_contain_text("将在此等待 48.0 小时")
    expect(result).to_contain_text("没有做任何修改")
    page.goto(f"{live_server.url}/a/leads/lead/{big}")
    expect(page.locator("body")).not_to_contain_text("致电大客户")

    # Publish, then a new big lead runs it: its timeline names the automation.
    page.goto(live_server.url + "/flows/leads")
    page.get_by_role("link", name="编辑 大客户欢迎").click()
    page.click("#fd-publish")
    expect(page.locator(".flash")).to_contain_text("已发布版本")
    lead = _lead(live_server, api_token, "新大客户", 1200)
    run_due(db_engine)
    page.goto(f"{live_server.url}/a/leads/lead/{lead}")
    expect(page.locator("body")).to_contain_text("致电大客户")
    expect(page.locator("body")).to_contain_text("大客户欢迎")
    run_due(db_engine, clock.now() + dt.timedelta(days=2, minutes=1))
    page.reload()
    expect(page.locator(".timeline")).to_contain_text("欢迎邮件")


@pytest.mark.parametrize(
    "locale, heading", [("zh-CN", "设计自动化"), ("en-US", "Design the automation")]
)
def test_the_designer_fits_a_phone(browser, admin_cookies, live_server, locale, heading):
    options = {**browser_support.CONTEXT_OPTIONS, "viewport": {"width": 390, "height": 844}}
    context = browser.new_context(**{**options, "locale": locale})
    context.add_cookies(admin_cookies)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/flows/leads/distribution/design")
        if locale.startswith("en") and page.locator("html").get_attribute("lang") != "en":
            page.locator("form.lang-switch").get_by_role("button", name="English").click()
        expect(page.locator("h1")).to_have_text(heading)
        page.locator(".fd-trigger .fd-select").click()
        expect(page.locator("#fd-panel-body [data-bind='config.field']")).to_be_visible()
        assert _fits(page)
        page.locator("li.fd-step .fd-select").first.click()
        expect(page.locator("#fd-panel-body [data-bind='label']")).to_be_visible()
        assert _fits(page)
        assert "assign_owner" not in page.locator("#fd-canvas").inner_text()
    finally:
        context.close()
