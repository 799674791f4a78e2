"""Messages leave through the outbox: queued by a flow step in its own transaction, sent
after it commits to real receivers on loopback (webhook signed with HMAC-SHA256, DingTalk,
WeCom and Feishu robots in their own formats and signing schemes), once, retried on 5xx,
failed at once on a refusal, and a step with no connection set up says so."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import threading

import pytest
import sqlalchemy as sa

from tessera.builder import InvalidDocument
from tessera.runtime import clock
from tessera.runtime.flows.runner import run_due
from tessera.runtime.outbox import connections, deliver_due
from tessera.runtime.tables import outbox
from tests.runtime.flows.support import LABEL, T0, create_lead, install, runs, steps
from tests.support.receiver import Receiver

SECRET = "SEC0123456789abcdef"


def flow(*steps_, via=("api",)):
    return {
        "version": 1,
        "label": LABEL,
        "form": "lead",
        "trigger": {"type": "record_created", "config": {"via": list(via)}},
        "steps": list(steps_),
    }


def robot_step(connection="sales_robot"):
    return {
        "key": "tell",
        "type": "action",
        "action": "robot_message",
        "config": {
            "connection": connection,
            "title": "新线索：{{ company }}",
            "text": "{{ name }}（{{ industry }}）{% if est_amount %}预计 {{ est_amount }}{% endif %}",
        },
    }


WEBHOOK_STEP = {
    "key": "hook",
    "type": "action",
    "action": "webhook",
    "config": {"connection": "crm_hook", "event": "lead.created"},
}


def connect(engine, key, kind, url, secret=None):
    with engine.begin() as conn:
        connections.put(conn, key, kind, url, secret=secret)


def messages(engine):
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(sa.select(outbox).order_by(outbox.c.id))]


def test_a_webhook_is_signed_sent_once_and_reads_like_the_api(office):
    app, engine = office
    install(engine, {"hook": flow(WEBHOOK_STEP)})
    with Receiver() as hook:
        connect(engine, "crm_hook", "webhook", hook.url + "/in", SECRET)
        with clock.frozen_at(T0):
            record_id = create_lead(app, company="某某科技", industry="finance")
        run_due(engine, T0)
        assert hook.requests == []  # queued by the step, sent by delivery only
        assert deliver_due(engine, at=T0)["sent"] == 1
        assert deliver_due(engine, at=T0 + dt.timedelta(hours=1))["sent"] == 0
        (got,) = hook.requests
    stamp = got.headers["tessera-timestamp"]
    expected = hmac.new(SECRET.encode(), stamp.encode() + b"." + got.body, hashlib.sha256)
    assert got.headers["tessera-signature"] == "sha256=" + expected.hexdigest()
    assert int(stamp) == int(T0.timestamp())
    (run,) = runs(engine)
    assert got.headers["tessera-idempotency-key"] == f"flow:{run['id']}:hook"
    body = got.json
    assert (body["event"], body["flow"], body["record"]["id"]) == (
        "lead.created",
        "hook",
        record_id,
    )
    assert body["record"]["fields"]["company"] == "某某科技"
    assert body["record"]["fields"]["industry"] == "finance"
    (message,) = messages(engine)
    assert (message["state"], message["run_id"], message["record_id"]) == (
        "sent",
        run["id"],
        record_id,
    )
    assert steps(engine, run["id"])[0][2] == {"outbox_id": message["id"], "connection": "crm_hook"}


def test_dingtalk_message_is_signed_in_the_url_and_rendered_from_the_record(office):
    app, engine = office
    install(engine, {"tell": flow(robot_step())})
    with Receiver() as robot:
        connect(
            engine, "sales_robot", "dingtalk", robot.url + "/robot/send?access_token=abc", SECRET
        )
        with clock.frozen_at(T0):
            create_lead(
                app, name="李雷", company="华东制造", industry="manufacturing", est_amount=600000
            )
        run_due(engine, T0)
        deliver_due(engine, at=T0)
        (got,) = robot.requests
    assert got.query["access_token"] == "abc"
    timestamp = got.query["timestamp"]
    to_sign = f"{timestamp}\n{SECRET}".encode()
    sign = base64.b64encode(hmac.new(SECRET.encode(), to_sign, hashlib.sha256).digest()).decode()
    assert got.query["sign"] == sign  # parse_qsl decoded the URL-encoding
    assert int(timestamp) == int(T0.timestamp() * 1000)
    assert got.json["msgtype"] == "markdown"
    assert got.json["markdown"]["title"] == "新线索：华东制造"
    assert got.json["markdown"]["text"].startswith("李雷（制造业）预计")


def test_feishu_signs_in_the_body_and_wecom_sends_markdown(office):
    app, engine = office
    second = {**robot_step("wecom_robot"), "key": "tell_wecom"}
    install(engine, {"tell": flow(robot_step("feishu_robot"), second)})
    with Receiver(answers=[(200, {"code": 0, "msg": "success"})]) as feishu, Receiver() as wecom:
        connect(engine, "feishu_robot", "feishu", feishu.url + "/open-apis/bot/v2/hook/x", SECRET)
        connect(engine, "wecom_robot", "wecom", wecom.url + "/cgi-bin/webhook/send?key=k1")
        with clock.frozen_at(T0):
            create_lead(app, company="某某科技")
        run_due(engine, T0)
        assert deliver_due(engine, at=T0)["sent"] == 2
        (fs,), (wc,) = feishu.requests, wecom.requests
    timestamp = fs.json["timestamp"]
    key = f"{timestamp}\n{SECRET}".encode()
    assert fs.json["sign"] == base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()
    assert fs.json["msg_type"] == "text" and fs.json["content"]["text"].startswith(
        "新线索：某某科技"
    )
    assert wc.query == {"key": "k1"} and wc.json["msgtype"] == "markdown"
    assert wc.json["markdown"]["content"].startswith("**新线索：某某科技**")


def test_a_5xx_is_retried_with_backoff_and_a_refusal_fails_at_once(office):
    app, engine = office
    install(engine, {"hook": flow(WEBHOOK_STEP), "tell": flow(robot_step())})
    server_down = [(503, {"busy": True}), (200, {})]
    refused = [(200, {"errcode": 310000, "errmsg": "sign not match"})]
    with Receiver(answers=server_down) as hook, Receiver(answers=refused) as robot:
        connect(engine, "crm_hook", "webhook", hook.url)
        connect(engine, "sales_robot", "dingtalk", robot.url, SECRET)
        with clock.frozen_at(T0):
            create_lead(app)
        run_due(engine, T0)
        first = deliver_due(engine, at=T0)
        assert (first["retry"], first["failed"]) == (1, 1)
        assert deliver_due(engine, at=T0 + dt.timedelta(seconds=30))["sent"] == 0  # not yet
        assert deliver_due(engine, at=T0 + dt.timedelta(minutes=1, seconds=1))["sent"] == 1
        assert (len(hook.requests), len(robot.requests)) == (2, 1)
    by_channel = {m["channel"]: m for m in messages(engine)}
    assert by_channel["webhook"]["state"] == "sent" and by_channel["webhook"]["attempt"] == 2
    assert by_channel["dingtalk"]["state"] == "failed"
    assert "sign not match" in by_channel["dingtalk"]["error"]


def test_a_step_whose_connection_is_not_set_up_says_so(office):
    app, engine = office
    install(engine, {"tell": flow(robot_step("nobody"))})
    with clock.frozen_at(T0):
        create_lead(app)
    run_due(engine, T0)
    (run,) = runs(engine)
    assert steps(engine, run["id"]) == [
        ("tell", "skipped", {"skipped": "connection_missing", "connection": "nobody"})
    ]
    assert run["state"] == "done" and messages(engine) == []


@pytest.mark.parametrize(
    "text, complaint",
    [
        ("{% for x in range(99999) %}{{ x }}{% endfor %}", "for is not allowed"),
        ("{{ name.__class__ }}", "getattr is not allowed"),
        ("{{ salary }}", "no field 'salary'"),
        ("{{ name | attr('x') }}", "filter 'attr' is not allowed"),
        ("{{ name ", "line 1"),
    ],
)
def test_a_template_reaching_beyond_fields_is_refused_at_publish(office, text, complaint):
    _, engine = office
    step = robot_step()
    step["config"]["text"] = text
    with pytest.raises(InvalidDocument) as refused:
        install(engine, {"tell": flow(step)})
    assert complaint in str(refused.value)


def test_two_deliverers_at_once_send_each_message_once(office):
    app, engine = office
    install(engine, {"hook": flow(WEBHOOK_STEP)})
    with Receiver() as hook:
        connect(engine, "crm_hook", "webhook", hook.url)
        with clock.frozen_at(T0):
            for n in range(12):
                create_lead(app, name=f"客户{n}", phone=f"1380013{n:04d}")
        run_due(engine, T0)
        go = threading.Barrier(2)

        def deliver():
            go.wait()
            deliver_due(engine)

        threads = [threading.Thread(target=deliver) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        keys = [r.headers["tessera-idempotency-key"] for r in hook.requests]
    assert len(keys) == 12 == len(set(keys))
    assert {m["state"] for m in messages(engine)} == {"sent"}


def test_connections_refuse_bad_parts_by_name(engine):
    with engine.begin() as conn:
        for key, kind, url, field in [
            ("Bad Key", "webhook", "http://x", "key"),
            ("ok", "telegram", "http://x", "kind"),
            ("ok", "webhook", "ftp://x", "url"),
            ("ok", "webhook", "javascript:alert(1)", "url"),
        ]:
            with pytest.raises(connections.BadConnection) as bad:
                connections.put(conn, key, kind, url)
            assert bad.value.field == field
