"""The template's Distribution flow, end to end through real runs (``tick``): a lead turning
SQL without an owner is assigned by the contract's four tiers, first match wins, then gets a
follow-up task due in 24 hours; the timeline and the rep's notification say why."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from tessera.conditions.env import utc
from tessera.runtime import clock
from tessera.runtime.flows.assignment.explain import explain
from tessera.runtime.flows.runner import run_due
from tessera.runtime.tables import tasks
from tests.runtime.flows.assignment.support import (
    add_reps,
    away,
    notifications_of,
    timeline_entries,
)
from tests.runtime.flows.support import LEADS, T0, create_lead, lead, runs, steps
from tests.support.demo import bearer, create_record

EAST = ["lilei@example.com", "hanmeimei@example.com"]
KEY = ["lintao@example.com", "weihua@example.com"]


def _to_sql(app, record_id):
    response = app.test_client().patch(
        f"{LEADS}/{record_id}", json={"fields": {"lifecycle": "sql"}}, headers=bearer(app)
    )
    assert response.status_code == 200, response.get_json()


def _sql_lead(app, engine, **fields):
    record_id = create_lead(app, **fields)
    _to_sql(app, record_id)
    run_due(engine)
    owner = lead(app, record_id)["owner"]
    return record_id, owner["id"] if owner else None


def _campaign(app, region):
    return create_record(
        app, "campaign", {"name": f"展会 {region}", "channel": "trade_show", "region": region}
    )


def test_the_four_tiers_first_match_wins(office):
    app, engine = office
    ids = add_reps(engine)
    east_show = _campaign(app, "east_china")
    north_show = _campaign(app, "north_china")
    # 1. trade show of an East China campaign → round robin in team east_china
    first, a = _sql_lead(app, engine, source="trade_show", campaign=east_show, phone="13900000001")
    _, b = _sql_lead(app, engine, source="trade_show", campaign=east_show, phone="13900000002")
    _, c = _sql_lead(app, engine, source="trade_show", campaign=east_show, phone="13900000003")
    assert [a, b, c] == [ids[EAST[0]], ids[EAST[1]], ids[EAST[0]]]
    # the same show in another region does not match rule 1; big money → key accounts
    _, d = _sql_lead(
        app, engine, source="trade_show", campaign=north_show, est_amount=600000,
        phone="13900000004",
    )  # fmt: skip
    _, e = _sql_lead(app, engine, est_amount=800000, phone="13900000005")
    assert [d, e] == [ids[KEY[0]], ids[KEY[1]]]
    # 3. the sales rep whose regions include the lead's city (杭州 → 李雷)
    _, f = _sql_lead(app, engine, province="浙江", city="杭州", phone="13900000006")
    assert f == ids["lilei@example.com"]
    # 4. otherwise round robin over every sales rep
    _, g = _sql_lead(app, engine, province="四川", city="成都", phone="13900000007")
    assert g == min(ids.values())

    (entry,) = timeline_entries(engine, first, "assigned")
    reason = entry["assignment"]
    assert (
        explain(reason, "zh_CN")
        == "规则 1：展会 + 华东 → 团队 华东团队，轮询第 1 位（共 2 人），李雷"
    )
    assert explain(reason, "en") == (
        "Rule 1: Trade show + East China → team 华东团队, round robin 1 of 2, 李雷"
    )
    assert entry["changes"] == {"owner": [None, ids[EAST[0]]]}


def test_the_run_assigns_then_creates_the_follow_up_task_due_in_24_hours(office):
    app, engine = office
    ids = add_reps(engine)
    with clock.frozen_at(T0):
        record_id = create_lead(app, province="浙江", city="宁波")
        _to_sql(app, record_id)
    run_due(engine, T0)
    (run,) = [r for r in runs(engine) if r["flow_key"] == "distribution"]
    assert run["state"] == "done"
    assert [s[:2] for s in steps(engine, run["id"])] == [
        ("assign", "done"),
        ("follow_up", "done"),
        ("tell_team", "skipped"),  # no sales robot set up: said, not silent
    ]
    with engine.connect() as conn:
        task = conn.execute(sa.select(tasks)).one()
    assert task.title == "高意向线索跟进" and task.assignee_id == ids["lilei@example.com"]
    assert utc(task.due_at) == T0 + dt.timedelta(hours=24)
    (note,) = notifications_of(engine, ids["lilei@example.com"])
    assert note["kind"] == "assigned" and note["record_id"] == record_id and note["read_at"] is None


def test_an_owned_lead_turning_sql_starts_no_distribution(office):
    app, engine = office
    ids = add_reps(engine)
    record_id = create_lead(app, owner=ids["zhoujie@example.com"])
    _to_sql(app, record_id)
    run_due(engine)
    assert [r for r in runs(engine) if r["flow_key"] == "distribution"] == []
    assert lead(app, record_id)["owner"]["id"] == ids["zhoujie@example.com"]


def test_with_nobody_available_the_lead_stays_unassigned_and_the_history_says_why(office):
    app, engine = office
    ids = add_reps(engine)
    for user_id in ids.values():
        away(engine, user_id)
    record_id, owner = _sql_lead(app, engine, province="浙江", city="杭州")
    assert owner is None
    (run,) = [r for r in runs(engine) if r["flow_key"] == "distribution"]
    assign = steps(engine, run["id"])[0]
    assert assign[2]["assigned"] is False
    (entry,) = timeline_entries(engine, record_id, "assignment_failed")
    assert explain(entry["assignment"], "zh_CN") == (
        "未能分配：规则 3：按城市 → 城市 = 杭州市：所有销售中无人负责该地区；"
        "规则 4：全体销售轮询 → 所有销售无可分配人员（5 人休假未参与）"
    )
    assert explain(entry["assignment"], "en") == (
        "Not assigned: Rule 3: By city → City = 杭州市: nobody in the Sales role covers it; "
        "Rule 4: All sales reps → nobody available in the Sales role (5 away)"
    )
