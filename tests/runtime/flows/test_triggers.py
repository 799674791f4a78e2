"""Triggers beyond «created»: a stage move, a condition becoming true (not every save while
it holds), «only when» on any trigger, no activity for a span (activity: a person's entry, an
event, a follow-up), a cron schedule, and a disabled flow that starts nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from tessera.builder import InvalidDocument
from tessera.runtime import clock
from tessera.runtime.flows.runner import run_due
from tessera.runtime.flows.sweeping import sweep
from tests.runtime.flows.support import LABEL, LEADS, T0, create_lead, install, runs
from tests.support.demo import bearer, create_record

TAG = {"key": "tag", "type": "action", "action": "add_tag", "config": {"tag": "seen"}}
QUIET = {"field": "company", "op": "eq", "value": "静默科技"}


def flow(trigger, *, only_if=None, enabled=True):
    doc = {"version": 1, "label": LABEL, "form": "lead", "trigger": trigger, "steps": [TAG]}
    if only_if is not None:
        doc["trigger"] = {**trigger, "if": only_if}
    if not enabled:
        doc["enabled"] = False
    return doc


def patch(app, record_id, **fields):
    response = app.test_client().patch(
        f"{LEADS}/{record_id}", json={"fields": fields}, headers=bearer(app)
    )
    assert response.status_code == 200, response.get_json()


def started(engine, flow_key):
    return [r["record_id"] for r in runs(engine) if r["flow_key"] == flow_key]


def test_a_stage_move_to_won_starts_and_other_moves_do_not(office):
    app, engine = office
    install(engine, {"won": flow({"type": "stage_changed", "config": {"to": ["won"]}})})
    a, b = create_lead(app), create_lead(app, name="王芳", phone="13900139000")
    patch(app, a, stage="contacted")
    patch(app, b, stage="won")
    assert started(engine, "won") == [b]
    assert runs(engine)[0]["trigger"] == {
        "type": "stage_changed",
        "field": "stage",
        "from": "new",
        "to": "won",
    }


def test_a_condition_starts_when_it_becomes_true_not_on_every_save(office):
    app, engine = office
    big = {"field": "company_size", "op": "gt", "value": 500}
    install(engine, {"big": flow({"type": "condition_met", "config": {"condition": big}})})
    small = create_lead(app, company_size=100)
    born_big = create_lead(app, name="王芳", phone="13900139000", company_size=900)
    assert started(engine, "big") == [born_big]
    patch(app, small, company_size=600)
    patch(app, small, company_size=700)  # still true: no second run
    patch(app, small, title="经理")
    assert started(engine, "big") == [born_big, small]
    patch(app, small, company_size=50)
    patch(app, small, company_size=800)  # false → true again
    assert started(engine, "big") == [born_big, small, small]


def test_only_when_narrows_any_trigger(office):
    app, engine = office
    trigger = {"type": "field_changed", "config": {"field": "lifecycle", "to": "sql"}}
    unowned = {"field": "owner", "op": "is_empty"}
    install(engine, {"hand": flow(trigger, only_if=unowned)})
    free = create_lead(app)
    owned = create_lead(app, name="王芳", phone="13900139000", owner="admin@example.com")
    patch(app, free, lifecycle="sql")
    patch(app, owned, lifecycle="sql")
    assert started(engine, "hand") == [free]


def test_no_activity_starts_after_the_quiet_span_and_a_follow_up_resets_it(office):
    app, engine = office
    install(engine, {"sla": flow({"type": "no_activity", "config": {"hours": 24}}, only_if=QUIET)})
    with clock.frozen_at(T0):
        quiet = create_lead(app, company="静默科技")
        busy = create_lead(app, company="静默科技", name="王芳", phone="13900139000")
        create_lead(app, name="赵敏", company="别家", phone="13700137000")  # not in «only when»
    with clock.frozen_at(T0 + dt.timedelta(hours=20)):
        create_record(app, "followup", {"lead": busy, "method": "phone", "content": "聊了"})
    assert sweep(engine, T0 + dt.timedelta(hours=23)) == 0
    assert sweep(engine, T0 + dt.timedelta(hours=25)) == 1
    assert started(engine, "sla") == [quiet]
    assert sweep(engine, T0 + dt.timedelta(hours=26)) == 0  # its run is newer than the span
    assert sweep(engine, T0 + dt.timedelta(hours=45)) == 1  # 24 h after the follow-up
    assert started(engine, "sla") == [quiet, busy]
    run_due(engine, T0 + dt.timedelta(hours=45))
    assert {r["state"] for r in runs(engine)} == {"done"}


def test_a_behaviour_event_is_activity(office):
    app, engine = office
    install(engine, {"sla": flow({"type": "no_activity", "config": {"days": 2}}, only_if=QUIET)})
    with clock.frozen_at(T0):
        lead_id = create_lead(app, company="静默科技", email="li@example.com")
    event = {"app": "leads", "form": "lead", "record_id": lead_id, "type": "page_view"}
    event["occurred_at"] = (T0 + dt.timedelta(days=1)).isoformat()
    with clock.frozen_at(T0 + dt.timedelta(days=1)):
        response = app.test_client().post("/api/v1/events", json=event, headers=bearer(app))
    assert response.status_code in (200, 201), response.get_json()
    assert sweep(engine, T0 + dt.timedelta(days=2, hours=1)) == 0
    assert sweep(engine, T0 + dt.timedelta(days=3, hours=1)) == 1


def test_a_schedule_fires_once_per_time_for_each_matching_record(office):
    app, engine = office
    daily = {"type": "schedule", "config": {"cron": "0 9 * * *", "timezone": "Asia/Shanghai"}}
    install(engine, {"daily": flow(daily, only_if=QUIET)})
    with clock.frozen_at(T0 - dt.timedelta(hours=3)):
        first = create_lead(app, company="静默科技")
    assert sweep(engine, T0 - dt.timedelta(hours=2)) == 0  # 07:00: counts from here
    assert sweep(engine, T0 - dt.timedelta(minutes=1)) == 0  # 08:59
    second = create_lead(app, company="静默科技", name="王芳", phone="13900139000")
    assert sweep(engine, T0 + dt.timedelta(minutes=1)) == 2  # 09:01: fired
    assert sweep(engine, T0 + dt.timedelta(hours=5)) == 0  # not again today
    assert sorted(started(engine, "daily")) == sorted([first, second])
    assert runs(engine)[0]["trigger"]["scheduled_at"].startswith("2026-12-01T09:00:00+08:00")
    assert sweep(engine, T0 + dt.timedelta(days=1, minutes=5)) == 2  # the next morning


def test_a_disabled_flow_starts_nothing_but_is_still_checked(office):
    app, engine = office
    install(engine, {"off": flow({"type": "record_created"}, enabled=False)})
    create_lead(app)
    assert runs(engine) == []
    bad = flow({"type": "schedule", "config": {"cron": "61 * * * *"}}, enabled=False)
    with pytest.raises(InvalidDocument) as refused:
        install(engine, {"off": bad})
    assert "/flows/off/trigger/config/cron" in str(refused.value)
