"""A rep sees what was assigned to them: the Distribution flow assigns a lead that turned
SQL, the bell in the header counts it, the list says why in the page's language, opening it
goes to the lead (whose timeline says why too) and marks it read; the availability switch
in the header takes the rep out of assignment. At 390 and 1366 px wide, zh-CN and en."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from tessera.runtime.auth.users import create_user
from tessera.runtime.flows.runner import run_due
from tessera.runtime.tables import users
from tests.browser.pages import expect, sign_in
from tests.support import browser as browser_support

LEADS = "/api/v1/apps/leads/forms/lead/records"
PASSWORD = "rep-password-42"
CASES = [
    (390, "zh-CN", "杭州", "已分配给您", "规则 3：按城市 → 城市 = 杭州市"),
    (1366, "zh-CN", "宁波", "已分配给您", "规则 3：按城市 → 城市 = 宁波市"),
    (390, "en-US", "苏州", "was assigned to you", "Rule 3: By city → City = 苏州市"),
    (1366, "en-US", "成都", "was assigned to you", "Rule 3: By city → City = 成都市"),
]


@pytest.fixture
def rep_page(browser, request):
    width, locale = request.param
    context = browser.new_context(
        **{
            **browser_support.CONTEXT_OPTIONS,
            "viewport": {"width": width, "height": 844},
            "locale": locale,
        }
    )
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def _assigned_lead(live_server, db_engine, api_token, city: str) -> tuple[str, int]:
    email = f"rep.{city.encode().hex()[:12]}@example.com"
    with db_engine.begin() as conn:
        rep = create_user(
            conn, email=email, password=PASSWORD, role="sales", name=f"{city}销售", regions=[city]
        )
    client = live_server.app.test_client()
    auth = {"Authorization": f"Bearer {api_token}"}
    created = client.post(
        LEADS, json={"fields": {"name": f"{city}客户", "city": city}}, headers=auth
    )
    assert created.status_code == 201, created.get_json()
    record_id = created.get_json()["id"]
    patched = client.patch(
        f"{LEADS}/{record_id}", json={"fields": {"lifecycle": "sql"}}, headers=auth
    )
    assert patched.status_code == 200
    run_due(db_engine)
    owner = client.get(f"{LEADS}/{record_id}", headers=auth).get_json()["fields"]["owner"]
    assert owner["id"] == rep.id
    return email, record_id


@pytest.mark.parametrize(
    "rep_page, city, assigned_words, why",
    [((w, loc), city, words, why) for w, loc, city, words, why in CASES],
    indirect=["rep_page"],
    ids=[f"{w}px-{loc}" for w, loc, *_ in CASES],
)
def test_the_rep_sees_the_assignment_and_why(
    rep_page, live_server, db_engine, api_token, city, assigned_words, why
):
    page = rep_page
    email, record_id = _assigned_lead(live_server, db_engine, api_token, city)
    sign_in(page, live_server.url, email, PASSWORD)
    bell = page.locator("header a.bell")
    expect(bell.locator(".count")).to_have_text("1")
    expect(bell).to_be_visible()
    assert page.evaluate("() => document.scrollingElement.scrollWidth <= window.innerWidth")
    bell.click()
    item = page.locator("li.notification.unread")
    expect(item).to_have_count(1)
    expect(item).to_contain_text(f"{city}客户")
    expect(item).to_contain_text(assigned_words)
    expect(item).to_contain_text(why)
    assert page.evaluate("() => document.scrollingElement.scrollWidth <= window.innerWidth")
    item.locator("button").click()
    page.wait_for_url(f"**/a/leads/lead/{record_id}")
    expect(page.locator(".timeline")).to_contain_text(why)
    expect(page.locator("header a.bell .count")).to_have_count(0)


@pytest.mark.parametrize("rep_page", [(390, "zh-CN")], indirect=True)
def test_the_rep_switches_themselves_away_and_back(rep_page, live_server, db_engine):
    page = rep_page
    with db_engine.begin() as conn:
        create_user(conn, email="away@example.com", password=PASSWORD, role="sales")
    sign_in(page, live_server.url, "away@example.com", PASSWORD)
    switch = page.locator("header form.availability button")
    expect(switch).to_have_text("在岗")
    switch.click()
    expect(page.locator("header form.availability button")).to_have_text("休假中")
    expect(page.locator(".flash")).to_contain_text("休假")

    def available():
        with db_engine.connect() as conn:
            query = sa.select(users.c.available).where(users.c.email == "away@example.com")
            return conn.execute(query).scalar_one()

    assert available() is False
    page.locator("header form.availability button").click()
    expect(page.locator("header form.availability button")).to_have_text("在岗")
    assert available() is True
