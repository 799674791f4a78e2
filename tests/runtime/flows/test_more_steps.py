"""Waiting until a condition holds (polled, with a deadline and a timeout lane), and the
actions set_stage, start_flow (within the loop guard) and recompute_score."""

from __future__ import annotations

import datetime as dt

import pytest

from tessera.builder import InvalidDocument
from tessera.runtime import clock
from tessera.runtime.flows.runner import run_due
from tests.runtime.flows.support import LABEL, LEADS, T0, create_lead, install, lead, runs, steps
from tests.support.demo import bearer


def tag(key, name):
    return {"key": key, "type": "action", "action": "add_tag", "config": {"tag": name}}


def flow(*steps_):
    trigger = {"type": "record_created", "config": {"via": ["api"]}}
    return {"version": 1, "label": LABEL, "form": "lead", "trigger": trigger, "steps": list(steps_)}


WAIT_FOR_CONTACT = {
    "key": "contact",
    "type": "wait",
    "wait": {"days": 2, "until": {"field": "stage", "op": "eq", "value": "contacted"}},
    "on_timeout": [tag("late", "no_contact")],
}


def patch(app, record_id, **fields):
    client = app.test_client()
    answer = client.patch(f"{LEADS}/{record_id}", json={"fields": fields}, headers=bearer(app))
    assert answer.status_code == 200, answer.get_json()


def test_a_wait_goes_on_when_its_condition_holds_or_takes_the_timeout_lane(office):
    app, engine = office
    install(engine, {"chase": flow(WAIT_FOR_CONTACT, tag("after", "done"))})
    with clock.frozen_at(T0):
        quick = create_lead(app)
        slow = create_lead(app, name="王芳", phone="13900139000")
    run_due(engine, T0)
    assert {r["state"] for r in runs(engine)} == {"waiting"}
    with clock.frozen_at(T0 + dt.timedelta(hours=1)):
        patch(app, quick, stage="contacted")
    run_due(engine, T0 + dt.timedelta(hours=2))
    assert lead(app, quick)["tags"] == ["done"]
    assert lead(app, slow)["tags"] is None  # still waiting: looked again, not yet
    run_due(engine, T0 + dt.timedelta(days=2, minutes=1))
    assert lead(app, slow)["tags"] == ["no_contact", "done"]
    by_record = {r["record_id"]: r for r in runs(engine)}
    assert [s[1] for s in steps(engine, by_record[quick]["id"]) if s[0] == "contact"] == [
        "waiting",
        "done",
    ]
    timed_out = [s for s in steps(engine, by_record[slow]["id"]) if s[0] == "contact"]
    assert timed_out[-1][2]["timed_out"] is True
    assert {r["state"] for r in runs(engine)} == {"done"}


def test_a_wait_for_a_condition_needs_a_longest_time(office):
    _, engine = office
    endless = {**WAIT_FOR_CONTACT, "wait": {"until": WAIT_FOR_CONTACT["wait"]["until"]}}
    with pytest.raises(InvalidDocument) as refused:
        install(engine, {"chase": flow(endless)})
    assert "/flows/chase/steps/0/wait" in str(refused.value)


def test_set_stage_start_flow_and_recompute_score(office):
    app, engine = office
    qualify = flow(
        {"key": "stage", "type": "action", "action": "set_stage", "config": {"stage": "qualified"}},
        {"key": "more", "type": "action", "action": "start_flow", "config": {"flow": "follow"}},
        {"key": "again", "type": "action", "action": "start_flow", "config": {"flow": "qualify"}},
        {"key": "score", "type": "action", "action": "recompute_score", "config": {}},
    )
    follow = {
        **flow(tag("y", "followed")),
        "trigger": {"type": "stage_changed", "config": {"to": ["won"]}},
    }
    install(engine, {"qualify": qualify, "follow": follow})
    record_id = create_lead(app)
    run_due(engine)
    assert lead(app, record_id)["stage"] == "qualified"
    assert lead(app, record_id)["tags"] == ["followed"]
    by_flow = {}
    for run in runs(engine):
        by_flow.setdefault(run["flow_key"], []).append(run)
    assert [r["state"] for r in by_flow["follow"]] == ["done"]
    assert by_flow["follow"][0]["trigger"] == {"type": "start_flow", "by_flow": "qualify"}
    # qualify starting itself again on the same record is stopped by the loop guard
    assert [r["state"] for r in by_flow["qualify"]] == ["done", "skipped"]
    assert "loop" in by_flow["qualify"][1]["error"]


def test_set_stage_refuses_a_stage_the_form_lacks(office):
    _, engine = office
    bad = flow({"key": "s", "type": "action", "action": "set_stage", "config": {"stage": "maybe"}})
    with pytest.raises(InvalidDocument) as refused:
        install(engine, {"bad": bad})
    assert "/flows/bad/steps/0/config/stage" in str(refused.value)
