"""The unsubscribe page of an email's link, on a phone (390 px) in real Chromium, in the
email's language (zh-CN or en): it names the address and the app, asks to confirm with a
button, and afterwards says so; the address is on the app's list, the record's timeline
says it unsubscribed."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from tessera.runtime.catalog import AppCatalog
from tessera.runtime.mail.tokens import MessageRef, sign
from tessera.runtime.store.records import RecordStore
from tessera.runtime.tables import unsubscribes
from tests.support import browser as browser_support

PHONE = {
    **browser_support.CONTEXT_OPTIONS,
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
}

WORDS = {
    "zh-CN": {
        "ask": "退订这些邮件？",
        "sentence": "{address} 将不再收到「线索管理」发送的邮件。",
        "button": "退订",
        "done": "您已退订",
    },
    "en": {
        "ask": "Unsubscribe from these emails?",
        "sentence": "{address} will get no more emails from Lead management.",
        "button": "Unsubscribe",
        "done": "You are unsubscribed",
    },
}


@pytest.fixture
def page(browser):
    """A page in a phone-sized context (overrides the suite's desktop ``page``)."""
    context = browser.new_context(**PHONE)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def _lead(db_engine, address: str) -> int:
    with db_engine.begin() as conn:
        form = AppCatalog().get(conn, "leads").form("lead")
        return RecordStore(conn, form).create({"name": "测试退订", "email": address})


@pytest.mark.parametrize("language", ["zh-CN", "en"])
def test_unsubscribing_on_a_phone_in_the_emails_language(page, live_server, db_engine, language):
    address = f"unsub-{language.lower()}@example.cn"
    record_id = _lead(db_engine, address)
    ref = MessageRef("leads", "lead", record_id, f"flow:1:{language}", "welcome", address, language)
    token = sign("test", "unsubscribe", ref)  # the live server's secret key
    words = WORDS[language]

    page.goto(f"{live_server.url}/mail/unsubscribe/{token}")
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("h1").inner_text() == words["ask"]
    assert words["sentence"].format(address=address) in page.locator("main").inner_text()
    overflow = "() => document.scrollingElement.scrollWidth - window.innerWidth"
    assert page.evaluate(overflow) <= 0, "fits a 390 px screen"
    button = page.get_by_role("button", name=words["button"])
    assert button.bounding_box()["height"] >= 44, "thumb-sized"
    button.click()

    page.wait_for_selector(f"h1:has-text('{words['done']}')")
    with db_engine.connect() as conn:
        row = conn.execute(sa.select(unsubscribes).where(unsubscribes.c.address == address)).one()
        form = AppCatalog().get(conn, "leads").form("lead")
        kinds = [e["kind"] for e in RecordStore(conn, form).timeline(record_id)]
    assert row.app_key == "leads" and row.via == "page" and row.email_key == "welcome"
    assert "unsubscribed" in kinds

    page.goto(f"{live_server.url}/mail/unsubscribe/{token}")  # the link again: already done
    assert page.locator("h1").inner_text() == words["done"]
    assert page.get_by_role("button").count() == 0
