"""What the flow tests share: the welcome flow, installing flows, leads over the API."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from tessera.runtime import publishing
from tessera.runtime.tables import flow_runs, flow_steps
from tests.support.demo import bearer

LEADS = "/api/v1/apps/leads/forms/lead/records"
T0 = dt.datetime(2026, 12, 1, 1, 0, tzinfo=dt.UTC)
LABEL = {"zh-CN": "流程", "en": "Flow"}

WELCOME = {
    "version": 1,
    "label": {"zh-CN": "欢迎培育", "en": "Welcome nurture"},
    "form": "lead",
    "trigger": {"type": "record_created", "config": {"via": ["api"]}},
    "steps": [
        {
            "key": "mql",
            "type": "action",
            "action": "set_field",
            "config": {"field": "lifecycle", "value": "mql"},
        },
        {"key": "tag", "type": "action", "action": "add_tag", "config": {"tag": "welcome"}},
        {"key": "two_days", "type": "wait", "wait": {"days": 2}},
        {
            "key": "still_new",
            "type": "branch",
            "if": {"field": "stage", "op": "eq", "value": "new"},
            "then": [
                {
                    "key": "call",
                    "type": "action",
                    "action": "create_task",
                    "config": {"title": "电话回访", "due_hours": 24},
                }
            ],
            "else": [],
        },
    ],
}


def install(engine, flows: dict) -> None:
    with engine.begin() as conn:
        doc, revision = publishing.load_draft(conn, "leads")
        doc["flows"] = flows
        publishing.save_draft(conn, "leads", doc, expected_revision=revision)
        publishing.publish(conn, "leads")


def create_lead(app, **fields):
    fields = {"name": "张伟", "phone": "13800138000", **fields}
    response = app.test_client().post(LEADS, json={"fields": fields}, headers=bearer(app))
    assert response.status_code == 201, response.get_json()
    return response.get_json()["id"]


def lead(app, record_id):
    return app.test_client().get(f"{LEADS}/{record_id}", headers=bearer(app)).get_json()["fields"]


def runs(engine):
    with engine.connect() as conn:
        return [
            dict(r._mapping) for r in conn.execute(sa.select(flow_runs).order_by(flow_runs.c.id))
        ]


def steps(engine, run_id):
    with engine.connect() as conn:
        rows = conn.execute(
            sa.select(flow_steps.c.step_key, flow_steps.c.state, flow_steps.c.detail)
            .where(flow_steps.c.run_id == run_id)
            .order_by(flow_steps.c.id)
        )
        return [(r.step_key, r.state, r.detail) for r in rows]
