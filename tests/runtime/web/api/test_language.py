"""The API's field messages are English unless the client asks for Chinese (docs/api.md)."""

from __future__ import annotations

import pytest

from tests.support.demo import bearer, demo_app

LEADS = "/api/v1/apps/leads/forms/lead/records"


@pytest.mark.parametrize(
    ("accept", "message"),
    [
        (None, "Enter a valid email address"),
        ("en-US,en;q=0.9", "Enter a valid email address"),
        ("zh-CN,zh;q=0.9,en;q=0.5", "请输入有效的邮箱地址"),
        ("fr-FR", "Enter a valid email address"),
    ],
)
def test_field_messages_follow_accept_language_and_default_to_english(settings, accept, message):
    app = demo_app(settings, csrf=False)
    headers = bearer(app) | ({"Accept-Language": accept} if accept else {})
    answer = app.test_client().post(
        LEADS, json={"fields": {"name": "王芳", "email": "not-an-email"}}, headers=headers
    )
    assert answer.status_code == 422
    assert answer.get_json()["error"]["fields"]["email"] == message
