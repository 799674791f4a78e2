"""zh-CN first, English too: the language switch changes document labels and the UI chrome."""

from __future__ import annotations

from tests.browser.pages import LEAD_FORMS_EN, LEAD_FORMS_ZH, expect, sign_out_button


def switch_to(page, language: str) -> None:
    """Click the language switch in the top bar («English» / «中文»)."""
    page.locator("form.lang-switch").get_by_role("button", name=language).click()


def test_document_labels_follow_the_language_switch(signed_in_page, live_server):
    page = signed_in_page
    page.goto(live_server.url + "/a/leads")
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    expect(page.locator("h1")).to_have_text("线索管理")
    expect(page.locator(".form-card .form-name")).to_have_text(LEAD_FORMS_ZH)

    switch_to(page, "English")
    expect(page).to_have_url(live_server.url + "/a/leads")  # back where the user was
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("Lead management")
    expect(page.locator(".form-card .form-name")).to_have_text(LEAD_FORMS_EN)

    # The choice sticks for the session: the next page is English too, field labels included.
    page.goto(live_server.url + "/a/leads/lead/new")
    expect(page.locator("label[for=name]")).to_contain_text("Name")
    expect(page.locator("label[for=phone]")).to_have_text("Mobile phone")
    expect(page.locator("form.record-form legend").first).to_have_text("Basics")
    expect(page.locator("#stage option:checked")).to_have_text("New")

    switch_to(page, "中文")
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    expect(page.locator("label[for=phone]")).to_have_text("手机")
    page.goto(live_server.url + "/a/leads")
    expect(page.locator(".form-card .form-name")).to_have_text(LEAD_FORMS_ZH)


def test_ui_chrome_is_translated(signed_in_page, live_server):
    """UI strings (gettext, tessera/translations/zh_CN) follow the language too."""
    page = signed_in_page
    page.goto(live_server.url + "/a/leads/lead")
    switch_to(page, "English")
    expect(sign_out_button(page)).to_have_text("Sign out")
    expect(page.locator(".page-head a.button.primary")).to_have_text("+ New")

    switch_to(page, "中文")
    expect(sign_out_button(page)).to_have_text("退出登录")
    expect(page.locator(".page-head a.button.primary")).to_have_text("+ 新建")
