"""The template's flows, as shipped in the demo app: a lead reaching 80 becomes
sales-qualified and the CRM hears of it (a signed webhook); an assigned new lead nobody
followed up within 24 h goes back to the public pool, says why on its timeline, and the
sales group's robot is told."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from tessera.runtime import clock
from tessera.runtime.flows.runner import run_due
from tessera.runtime.flows.sweeping import sweep
from tessera.runtime.outbox import connections, deliver_due
from tests.runtime.flows.support import LEADS, T0, create_lead, lead, runs, steps
from tests.support.demo import ADMIN_EMAIL, bearer
from tests.support.receiver import Receiver

HOT = {
    "name": "陈总",
    "title": "销售总监",
    "company": "华东制造",
    "company_size": 900,
    "industry": "finance",
    "email": "chen@huadong-mfg.com",
}


def timeline(app, record_id):
    response = app.test_client().get(f"{LEADS}/{record_id}/timeline", headers=bearer(app))
    return response.get_json()["entries"]


def test_a_lead_reaching_80_becomes_sql_and_the_crm_is_told(office):
    app, engine = office
    with Receiver() as crm:
        with engine.begin() as conn:
            connections.put(conn, "sales_webhook", "webhook", crm.url + "/leads", secret="s3")
        with clock.frozen_at(T0):
            record_id = create_lead(app, **HOT)
            assert lead(app, record_id)["score"] == 50
            for event in (
                {"type": "webinar_attended"},
                {"type": "page_view", "props": {"page": "pricing"}},
            ):
                body = {"app": "leads", "form": "lead", "record_id": record_id, **event}
                answer = app.test_client().post("/api/v1/events", json=body, headers=bearer(app))
                assert answer.status_code in (200, 201), answer.get_json()
        assert lead(app, record_id)["score"] == 80
        run_due(engine, T0)
        deliver_due(engine, at=T0)
        assert lead(app, record_id)["lifecycle"] == "sql"
        (got,) = crm.requests
    assert got.json["event"] == "lead.sales_ready" and got.json["record"]["id"] == record_id
    assert got.headers["tessera-signature"].startswith("sha256=")
    handoff = [r for r in runs(engine) if r["flow_key"] == "sales_handoff"]
    assert [r["state"] for r in handoff] == ["done"]
    assert handoff[0]["trigger"]["score"] == [65, 80]


def test_an_assigned_lead_without_follow_up_in_24h_returns_to_the_pool(office):
    app, engine = office
    with Receiver() as robot:
        with engine.begin() as conn:
            connections.put(
                conn,
                "sales_robot",
                "dingtalk",
                robot.url + "/robot/send?access_token=t",
                secret="s",
            )
        with clock.frozen_at(T0):
            record_id = create_lead(app, name="刘洋", company="杭州数智", owner=ADMIN_EMAIL)
            worked = create_lead(
                app, name="周杰", company="某某科技", phone="13900139000", owner=ADMIN_EMAIL
            )
        with clock.frozen_at(T0 + dt.timedelta(hours=3)):
            patch = {"fields": {"stage": "contacted"}}
            client = app.test_client()
            assert (
                client.patch(f"{LEADS}/{worked}", json=patch, headers=bearer(app)).status_code
                == 200
            )
        later = T0 + dt.timedelta(hours=24, minutes=2)
        assert sweep(engine, later) == 1
        run_due(engine, later)
        deliver_due(engine, at=later)
        (told,) = robot.requests
    assert lead(app, record_id)["owner"] is None and lead(app, worked)["owner"] is not None
    (run,) = [r for r in runs(engine) if r["flow_key"] == "sla_reclaim"]
    assert [s[:2] for s in steps(engine, run["id"])] == [("reclaim", "done"), ("tell_team", "done")]
    (entry,) = [e for e in timeline(app, record_id) if e["kind"] == "returned_to_pool"]
    assert entry["payload"]["reason"] == "24 小时内未跟进"
    assert entry["payload"]["quiet_since"].startswith(T0.isoformat()[:16])
    assert told.json["markdown"]["title"] == "线索退回公海：杭州数智"
    assert "刘洋（杭州数智）分配后 24 小时内未跟进" in told.json["markdown"]["text"]


def test_a_lead_reaching_80_in_hangzhou_goes_to_the_rep_covering_it_with_a_task_and_a_robot_message(
    office,
):
    from tessera.runtime.tables import tasks
    from tests.runtime.flows.assignment.support import add_reps

    app, engine = office
    reps = add_reps(engine)
    with Receiver() as robot:
        with engine.begin() as conn:
            connections.put(
                conn,
                "sales_robot",
                "dingtalk",
                robot.url + "/robot/send?access_token=t",
                secret="SECa1",
            )
        with clock.frozen_at(T0):
            record_id = create_lead(app, **HOT, province="浙江", city="杭州")
            for event in (
                {"type": "webinar_attended"},
                {"type": "page_view", "props": {"page": "pricing"}},
            ):
                body = {"app": "leads", "form": "lead", "record_id": record_id, **event}
                app.test_client().post("/api/v1/events", json=body, headers=bearer(app))
        run_due(engine, T0)  # hand-off: lifecycle → SQL, which starts distribution
        deliver_due(engine, at=T0)
        (told,) = robot.requests
    owner = lead(app, record_id)["owner"]
    assert owner["id"] == reps["lilei@example.com"]
    with engine.connect() as conn:
        (task,) = conn.execute(sa.select(tasks).where(tasks.c.record_id == record_id)).all()
    due = task.due_at if task.due_at.tzinfo else task.due_at.replace(tzinfo=dt.UTC)
    assert (task.title, task.assignee_id, due) == (
        "高意向线索跟进",
        owner["id"],
        T0 + dt.timedelta(hours=24),
    )
    assert told.query["sign"] and told.query["timestamp"]
    assert told.json["markdown"]["title"] == "新的高意向线索：华东制造"
    assert (
        "已分配给 李雷" in told.json["markdown"]["text"] and "杭州" in told.json["markdown"]["text"]
    )
