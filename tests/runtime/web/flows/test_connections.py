"""Connections, set up in the browser or with the CLI: a bad address is refused naming the
field with nothing stored, a secret is never shown back, a test message reaches a real
receiver (or says why it was refused), and reps cannot see the page."""

from __future__ import annotations

import sqlalchemy as sa
from click.testing import CliRunner

from tessera.runtime.database import make_engine
from tessera.runtime.tables import connections
from tessera.runtime.web.cli import main
from tests.support.demo import demo_app, signed_in
from tests.support.receiver import Receiver

REP = "rep@example.com"


def stored(settings):
    engine = make_engine(settings.database_url)
    with engine.connect() as conn:
        rows = conn.execute(sa.select(connections).order_by(connections.c.key)).all()
    engine.dispose()
    return rows


def test_a_connection_is_saved_tested_and_removed_in_the_browser(settings):
    app = demo_app(settings, users={REP: "sales"}, csrf=False)
    admin = signed_in(app, "admin@example.com")
    bad = admin.post(
        "/flows/connections",
        data={"key": "sales_robot", "kind": "dingtalk", "url": "javascript:alert(1)"},
    )
    assert bad.status_code == 422 and "请填写以 http:// 或 https:// 开头的地址" in bad.get_data(
        as_text=True
    )
    assert stored(settings) == []
    with Receiver(
        answers=[
            (200, {"errcode": 0}),
            (200, {"errcode": 310000, "errmsg": "keywords not in content"}),
        ]
    ) as robot:
        form = {
            "key": "sales_robot",
            "kind": "dingtalk",
            "url": robot.url + "/send?access_token=t",
            "secret": "SECxyz",
        }
        assert admin.post("/flows/connections", data=form).status_code == 303
        page = admin.get("/flows/connections").get_data(as_text=True)
        assert "钉钉群机器人" in page and "SECxyz" not in page and "access_token" not in page
        ok = admin.post("/flows/connections/sales_robot/test", follow_redirects=True)
        assert "测试消息已被接收" in ok.get_data(as_text=True)
        refused = admin.post("/flows/connections/sales_robot/test", follow_redirects=True)
        assert "keywords not in content" in refused.get_data(as_text=True)
        assert robot.requests[0].query["sign"] and robot.requests[0].json["msgtype"] == "markdown"
    again = {
        "key": "sales_robot",
        "kind": "dingtalk",
        "url": "https://oapi.dingtalk.com/robot/send?access_token=n",
    }
    assert admin.post("/flows/connections", data=again).status_code == 303
    (row,) = stored(settings)
    assert row.secret == "SECxyz"  # an empty secret field keeps the secret
    assert signed_in(app, REP).get("/flows/connections").status_code == 403
    assert admin.post("/flows/connections/sales_robot/remove").status_code == 303
    assert stored(settings) == []


def test_the_cli_sets_and_lists_connections_without_secrets(settings, monkeypatch):
    demo_app(settings)
    monkeypatch.setenv("TESSERA_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("TESSERA_INSTANCE_PATH", str(settings.instance_path))
    runner = CliRunner()
    made = runner.invoke(
        main,
        [
            "connection",
            "set",
            "crm",
            "--kind",
            "webhook",
            "--url",
            "https://crm.example.com/in",
            "--secret",
            "s3cret",
        ],
    )
    assert made.exit_code == 0, made.output
    bad = runner.invoke(main, ["connection", "set", "crm", "--kind", "pager", "--url", "https://x"])
    assert bad.exit_code == 2 and "--kind" in bad.output
    listed = runner.invoke(main, ["connection", "list"])
    assert "crm\twebhook\ton\tsigned\thttps://crm.example.com/in" in listed.output
    assert "s3cret" not in listed.output
