"""Signing in and out, as a user does it: the login form, the workspace, the sign-out button."""

from __future__ import annotations

import re

from tests.browser.pages import ADMIN_EMAIL, ADMIN_PASSWORD, expect, sign_in, sign_out_button


def test_wrong_password_shows_the_error_and_stays_on_login(page, live_server):
    page.goto(live_server.url + "/login")
    page.fill("#email", ADMIN_EMAIL)
    page.fill("#password", "not-the-password")
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.click("form.stack button[type=submit]")
    assert posted.value.status == 401
    expect(page).to_have_url(re.compile(r"/login$"))
    alert = page.get_by_role("alert")
    expect(alert).to_be_visible()
    expect(alert).to_have_text(re.compile(r"密码|password", re.I))
    expect(page.locator("#email")).to_have_value(ADMIN_EMAIL)  # kept, so only retype the password
    expect(page.locator("#password")).to_have_value("")
    expect(sign_out_button(page)).to_have_count(0)


def test_right_password_lands_on_the_workspace(page, live_server):
    sign_in(page, live_server.url)
    expect(page).to_have_url(live_server.url + "/")
    expect(page.locator(".app-card", has_text="线索管理")).to_be_visible()
    expect(sign_out_button(page)).to_be_visible()


def test_sign_out_ends_the_session(signed_in_page, live_server):
    page = signed_in_page
    page.goto(live_server.url + "/a/leads")
    expect(page).to_have_url(live_server.url + "/a/leads")
    sign_out_button(page).click()
    expect(page).to_have_url(re.compile(r"/login$"))
    expect(sign_out_button(page)).to_have_count(0)
    page.goto(live_server.url + "/a/leads")
    expect(page).to_have_url(re.compile(r"/login\?next="))


def test_a_page_needing_login_redirects_there_and_back(page, live_server):
    page.goto(live_server.url + "/a/leads/lead")
    expect(page).to_have_url(re.compile(r"/login\?next=%2Fa%2Fleads%2Flead$"))
    page.fill("#email", ADMIN_EMAIL)
    page.fill("#password", ADMIN_PASSWORD)
    page.click("form.stack button[type=submit]")
    expect(page).to_have_url(live_server.url + "/a/leads/lead")
    expect(page.locator("h1")).to_contain_text("线索")
