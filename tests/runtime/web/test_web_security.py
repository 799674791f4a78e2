"""CSRF on every state-changing request, login required, escaped output, row-level scope."""

import re

import pytest

from tests.support.demo import ADMIN_EMAIL, demo_app


@pytest.fixture
def web(settings):
    app = demo_app(settings, users={"rep@example.com": "sales", "other@example.com": "sales"})
    client = app.test_client()
    client.tokens = {
        "admin": app.tokens[ADMIN_EMAIL],
        "rep": app.tokens["rep@example.com"],
        "other": app.tokens["other@example.com"],
    }
    client.ids = {
        "rep": app.user_ids["rep@example.com"],
        "other": app.user_ids["other@example.com"],
    }
    return client


def _csrf(client, path):
    html = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


def _login(client, email="admin@example.com"):
    token = _csrf(client, "/login")
    response = client.post(
        "/login", data={"email": email, "password": "secret-pass", "csrf_token": token}
    )
    assert response.status_code == 303


def test_pages_need_login(web):
    response = web.get("/a/leads/lead")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_post_without_csrf_token_is_refused_and_stores_nothing(web):
    _login(web)
    response = web.post("/a/leads/lead/new", data={"name": "没有令牌"})
    assert response.status_code == 400
    assert "没有令牌" not in web.get("/a/leads/lead").get_data(as_text=True)


def test_form_post_with_token_stores_and_escapes(web):
    _login(web)
    token = _csrf(web, "/a/leads/lead/new")
    response = web.post(
        "/a/leads/lead/new", data={"name": "<script>alert(1)</script>", "csrf_token": token}
    )
    assert response.status_code == 303
    page = web.get(response.headers["Location"]).get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_invalid_email_over_html_is_422_with_message_and_nothing_stored(web):
    _login(web)
    token = _csrf(web, "/a/leads/lead/new")
    response = web.post(
        "/a/leads/lead/new", data={"name": "王五", "email": "not-an-email", "csrf_token": token}
    )
    assert response.status_code == 422
    assert "请输入有效的邮箱地址" in response.get_data(as_text=True)
    assert "王五" not in web.get("/a/leads/lead").get_data(as_text=True)


def test_lead_api_email_refused_with_field_named(web):
    headers = {"Authorization": f"Bearer {web.tokens['admin']}"}
    response = web.post(
        "/api/v1/apps/leads/forms/lead/records",
        json={"fields": {"name": "王五", "email": "not-an-email"}},
        headers=headers,
    )
    assert response.status_code == 422
    assert set(response.get_json()["error"]["fields"]) == {"email"}
    assert (
        web.get("/api/v1/apps/leads/forms/lead/records", headers=headers).get_json()["total"] == 0
    )


def test_sales_reps_see_their_own_leads_and_the_public_pool(web):
    admin = {"Authorization": f"Bearer {web.tokens['admin']}"}
    base = "/api/v1/apps/leads/forms/lead/records"
    mine = web.post(
        base, json={"fields": {"name": "mine", "owner": "rep@example.com"}}, headers=admin
    ).get_json()
    theirs = web.post(
        base, json={"fields": {"name": "theirs", "owner": web.ids["other"]}}, headers=admin
    ).get_json()
    web.post(base, json={"fields": {"name": "pool"}}, headers=admin)
    assert mine["fields"]["owner"] == {"id": web.ids["rep"], "email": "rep@example.com", "name": ""}
    rep = {"Authorization": f"Bearer {web.tokens['rep']}"}
    names = sorted(r["fields"]["name"] for r in web.get(base, headers=rep).get_json()["records"])
    assert names == ["mine", "pool"]
    assert web.get(f"{base}/{theirs['id']}", headers=rep).status_code == 404
    assert (
        web.patch(f"{base}/{theirs['id']}", json={"fields": {"name": "x"}}, headers=rep).status_code
        == 404
    )
