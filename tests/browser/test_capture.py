"""Lead capture as a marketer and a booth visitor do it: publish a trade-show link, scan its
QR code, fill the form on a phone, find the tagged lead."""

from __future__ import annotations

import sqlalchemy as sa

from tessera.runtime.catalog import AppCatalog
from tessera.runtime.store.records import RecordStore
from tests.browser.pages import expect, sign_in
from tests.support import browser as browser_support
from tests.support.qr_decode import decode_qr_png

PHONE = {"width": 390, "height": 844}


def test_trade_show_link_qr_to_tagged_lead_at_phone_width(page, browser, live_server, db_engine):
    live_server.app.config["CAPTURE_MIN_FILL_S"] = 0.5
    with db_engine.begin() as conn:
        app = AppCatalog().get(conn, "leads")
        campaign_id = RecordStore(conn, app.form("campaign")).create(
            {"name": "2026 华东工博会", "channel": "trade_show", "region": "east_china"}
        )
    sign_in(page, live_server.url)
    page.goto(live_server.url + "/a/leads/capture/links")
    page.fill("#title", "工博会展位 A12")
    page.select_option("#source", "trade_show")
    page.select_option("#campaign", str(campaign_id))
    page.click("form.record-form button[type=submit]")
    url_link = page.locator("a.public-url")
    expect(url_link).to_be_visible()
    url = url_link.inner_text().strip()
    assert url.startswith(live_server.url + "/f/")

    png = page.request.get(url + "/qr.png")
    assert png.ok and png.headers["content-type"] == "image/png"
    (decoded,) = decode_qr_png(png.body())
    assert decoded == url

    options = {**browser_support.CONTEXT_OPTIONS, "viewport": PHONE, "is_mobile": True}
    phone = browser.new_context(**options)
    try:
        visitor = phone.new_page()
        visitor.goto(decoded + "?utm_medium=qr")
        assert visitor.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        submit = visitor.locator("form.public-form button[type=submit]")
        assert submit.bounding_box()["height"] >= 44  # a thumb-sized target
        visitor.fill("#name", "展会访客")
        visitor.fill("#phone", "138 0013 9999")
        visitor.fill("#company", "苏州精密制造有限公司")
        visitor.wait_for_timeout(600)
        submit.click()
        visitor.wait_for_url("**/thanks?tl=*")
        expect(visitor.locator("h1")).to_be_visible()
    finally:
        phone.close()

    with db_engine.connect() as conn:
        table = AppCatalog().get(conn, "leads").form("lead").table
        lead = conn.execute(sa.select(table).where(table.c.name == "展会访客")).one()
    assert lead.source == "trade_show" and lead.campaign == campaign_id
    assert lead.phone == "+8613800139999"
