"""A builder works the Automations pages in a browser: the list, a flow switched off and on
with the keyboard, a run's steps in words, the record's automations panel, a test run, and
a connection set up — at 390 and 1366 px wide, in zh-CN and en, never wider than the screen."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from tessera.runtime.flows.runner import run_due
from tessera.runtime.tables import flow_runs
from tests.browser.pages import expect, sign_in
from tests.support import browser as browser_support

LEADS = "/api/v1/apps/leads/forms/lead/records"
HOT = {"title": "销售总监", "company_size": 900, "industry": "finance"}
CASES = [
    (390, "zh-CN", "销售交接", "评分达到 80 时", "已跳过", "连接「sales_webhook」未设置或已停用"),
    (1366, "zh-CN", "销售交接", "评分达到 80 时", "已跳过", "连接「sales_webhook」未设置或已停用"),
    (
        390,
        "en-US",
        "Sales hand-off",
        "When the score reaches 80",
        "Skipped",
        "«sales_webhook» is not set up",
    ),
    (
        1366,
        "en-US",
        "Sales hand-off",
        "When the score reaches 80",
        "Skipped",
        "«sales_webhook» is not set up",
    ),
]


@pytest.fixture
def builder_page(browser, request):
    width, locale = request.param
    options = {**browser_support.CONTEXT_OPTIONS, "viewport": {"width": width, "height": 844}}
    context = browser.new_context(**{**options, "locale": locale})
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def _fits(page) -> bool:
    return page.evaluate("() => document.scrollingElement.scrollWidth <= window.innerWidth")


def _hot_lead(live_server, db_engine, api_token, name: str) -> int:
    client = live_server.app.test_client()
    auth = {"Authorization": f"Bearer {api_token}"}
    email = f"{name.encode().hex()[:10]}@corp-{name.encode().hex()[:6]}.com"
    fields = {**HOT, "name": name, "email": email}
    created = client.post(LEADS + "?dedup=off", json={"fields": fields}, headers=auth)
    assert created.status_code == 201, created.get_json()
    record_id = created.get_json()["id"]
    for event in (
        {"type": "webinar_attended"},
        {"type": "page_view", "props": {"page": "pricing"}},
    ):
        body = {"app": "leads", "form": "lead", "record_id": record_id, **event}
        assert client.post("/api/v1/events", json=body, headers=auth).status_code in (200, 201)
    run_due(db_engine)
    return record_id


@pytest.mark.parametrize(
    "builder_page, flow_name, trigger_words, skipped, why",
    [((w, loc), *rest) for w, loc, *rest in CASES],
    indirect=["builder_page"],
    ids=[f"{w}px-{loc}" for w, loc, *_ in CASES],
)
def test_a_builder_reads_what_automations_did(
    builder_page, live_server, db_engine, api_token, flow_name, trigger_words, skipped, why
):
    page = builder_page
    record_id = _hot_lead(
        live_server, db_engine, api_token, f"客户{page.viewport_size['width']}{flow_name[:2]}"
    )
    sign_in(page, live_server.url)
    page.goto(live_server.url + "/flows/leads")
    card = page.locator(".flow-card", has_text=flow_name)
    expect(card).to_contain_text(trigger_words)
    assert _fits(page)
    with db_engine.connect() as conn:
        run_id = conn.execute(
            sa.select(flow_runs.c.id).where(
                (flow_runs.c.flow_key == "sales_handoff") & (flow_runs.c.record_id == record_id)
            )
        ).scalar_one()
    page.goto(f"{live_server.url}/flows/leads/runs/{run_id}")
    expect(page.locator(".run-step.state-skipped")).to_contain_text(skipped)
    expect(page.locator(".run-step.state-skipped")).to_contain_text(why)
    assert "sales_handoff" not in page.locator("main").inner_text()
    assert _fits(page)
    page.goto(f"{live_server.url}/a/leads/lead/{record_id}")
    expect(page.locator(".record-runs")).to_contain_text(flow_name)
    assert _fits(page)


@pytest.mark.parametrize("builder_page", [(1366, "zh-CN")], indirect=True)
def test_switching_off_with_the_keyboard_and_a_test_run(
    builder_page, live_server, db_engine, api_token
):
    page = builder_page
    record_id = _hot_lead(live_server, db_engine, api_token, "键盘客户")
    sign_in(page, live_server.url)
    page.goto(live_server.url + "/flows/leads")
    switch = page.get_by_role("switch", name="关闭「超时回收」")
    switch.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("switch", name="开启「超时回收」")).to_have_attribute(
        "aria-checked", "false"
    )
    expect(page.locator("[role=status], .flash, .flashes").first).to_contain_text(
        "不再开始新的运行"
    )
    page.get_by_role("switch", name="开启「超时回收」").click()
    expect(page.get_by_role("switch", name="关闭「超时回收」")).to_have_attribute(
        "aria-checked", "true"
    )
    page.locator(".flow-card", has_text="超时回收").get_by_role("link", name="试运行").click()
    page.get_by_label("记录编号").fill(str(record_id))
    page.get_by_role("button", name="试运行").click()
    expect(page.locator(".run-step").first).to_contain_text("退回公海")
    expect(page.locator("main")).to_contain_text("没有做任何修改，也没有发送任何内容")
    page.get_by_label("记录编号").fill("abc")
    page.get_by_role("button", name="试运行").click()
    expect(page.locator("#record-error")).to_have_text("请输入记录编号。")


@pytest.mark.parametrize("builder_page", [(390, "en-US")], indirect=True)
def test_setting_up_a_connection_on_a_phone(builder_page, live_server):
    page = builder_page
    sign_in(page, live_server.url)
    page.goto(live_server.url + "/flows/connections")
    page.get_by_label("Key (what automations call it)").fill("Bad Key")
    page.get_by_label("Address (URL)").fill("https://oapi.dingtalk.com/robot/send?access_token=x")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#key-error")).to_contain_text("lower-case letters")
    page.get_by_label("Key (what automations call it)").fill("sales_robot")
    page.get_by_label("Kind").select_option(label="DingTalk group robot")
    page.get_by_label("Address (URL)").fill("https://oapi.dingtalk.com/robot/send?access_token=x")
    page.get_by_label("Signing secret (optional; leave empty to keep the current one)").fill(
        "SEC123"
    )
    page.get_by_role("button", name="Save").click()
    row = page.locator("table.records tr", has_text="sales_robot")
    expect(row).to_contain_text("DingTalk group robot")
    assert (
        "SEC123" not in page.content() and "access_token" not in page.locator("main").inner_text()
    )
    assert _fits(page)
