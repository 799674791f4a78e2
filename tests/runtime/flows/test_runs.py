"""Flows run durably: started by the one writer's events whichever way the write came,
steps in order, waits resumed by a later tick, branches on the condition language, a loop
guard, retries then a visible failure, and each timer run once with two workers at once."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
import sqlalchemy as sa

from tessera.builder import InvalidDocument
from tessera.runtime import clock
from tessera.runtime.flows.actions.set_field import SetFieldAction
from tessera.runtime.flows.runner import run_due
from tessera.runtime.tables import flow_steps, tasks
from tests.runtime.flows.support import (
    LABEL,
    LEADS,
    T0,
    WELCOME,
    create_lead,
    install,
    lead,
    runs,
    steps,
)
from tests.support.demo import bearer


def test_a_new_lead_runs_its_steps_waits_two_days_then_branches(office):
    app, engine = office
    install(engine, {"welcome": WELCOME})
    with clock.frozen_at(T0):
        record_id = create_lead(app)
    assert run_due(engine, T0) == 1
    (run,) = runs(engine)
    assert (run["flow_key"], run["state"], run["trigger"]) == (
        "welcome",
        "waiting",
        {"type": "record_created", "via": "api"},
    )
    assert lead(app, record_id)["lifecycle"] == "mql" and "welcome" in lead(app, record_id)["tags"]
    assert [s[:2] for s in steps(engine, run["id"])] == [
        ("mql", "done"),
        ("tag", "done"),
        ("two_days", "waiting"),
    ]
    assert run_due(engine, T0 + dt.timedelta(days=1)) == 0  # not yet
    assert run_due(engine, T0 + dt.timedelta(days=2, minutes=1)) == 1
    (run,) = runs(engine)
    assert run["state"] == "done"
    assert [s[:2] for s in steps(engine, run["id"])][-2:] == [
        ("still_new", "done"),
        ("call", "done"),
    ]
    assert steps(engine, run["id"])[-2][2] == {"result": "yes"}
    with engine.connect() as conn:
        task = conn.execute(sa.select(tasks)).one()
    assert task.title == "电话回访" and task.record_id == record_id
    timeline = app.test_client().get(f"{LEADS}/{record_id}/timeline", headers=bearer(app))
    flow_writes = [e for e in timeline.get_json()["entries"] if e["payload"].get("via") == "flow"]
    assert {e["kind"] for e in flow_writes} == {"updated", "task_created"}


def test_the_trigger_hears_only_the_ways_in_it_names(office):
    app, engine = office
    install(
        engine,
        {
            "welcome": {
                **WELCOME,
                "trigger": {"type": "record_created", "config": {"via": ["link"]}},
            }
        },
    )
    create_lead(app)
    assert run_due(engine) == 0 and runs(engine) == []


def test_two_flows_that_feed_each_other_stop_at_the_loop_guard(office):
    app, engine = office

    def toggle(key, when, then):
        return {
            "version": 1,
            "label": LABEL,
            "form": "lead",
            "trigger": {"type": "field_changed", "config": {"field": "stage", "to": when}},
            "steps": [
                {
                    "key": "set",
                    "type": "action",
                    "action": "set_field",
                    "config": {"field": "stage", "value": then},
                }
            ],
        }

    install(
        engine,
        {
            "up": toggle("up", "contacted", "qualified"),
            "down": toggle("down", "qualified", "contacted"),
        },
    )
    record_id = create_lead(app)
    patch = app.test_client().patch(
        f"{LEADS}/{record_id}", json={"fields": {"stage": "contacted"}}, headers=bearer(app)
    )
    assert patch.status_code == 200
    run_due(engine)
    states = [(r["flow_key"], r["state"]) for r in runs(engine)]
    assert states == [("up", "done"), ("down", "done"), ("up", "skipped")]
    assert "loop" in runs(engine)[-1]["error"]
    assert lead(app, record_id)["stage"] == "contacted"


def test_a_failing_step_is_retried_then_the_run_fails_with_the_error(office, monkeypatch):
    app, engine = office
    install(engine, {"welcome": WELCOME})
    calls = []

    def broken(self, ctx, config):
        calls.append(ctx.now)
        raise RuntimeError("the mail server said no")

    monkeypatch.setattr(SetFieldAction, "run", broken)
    with clock.frozen_at(T0):
        record_id = create_lead(app)
    for minutes in (0, 1, 6, 36):
        run_due(engine, T0 + dt.timedelta(minutes=minutes, seconds=1))
    assert len(calls) == 4
    (run,) = runs(engine)
    assert run["state"] == "failed" and "the mail server said no" in run["error"]
    assert [s[1] for s in steps(engine, run["id"])] == ["failed"] * 4
    assert lead(app, record_id)["tags"] in (None, [])  # nothing after the failed step ran


def test_two_workers_at_once_run_each_timer_once(office):
    app, engine = office
    install(engine, {"welcome": {**WELCOME, "steps": WELCOME["steps"][:2]}})
    for i in range(20):
        create_lead(app, phone=f"1390000{i:04d}", name=f"客户{i}")
    counts = []
    workers = [threading.Thread(target=lambda: counts.append(run_due(engine))) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert sum(counts) == 20
    with engine.connect() as conn:
        logged = conn.execute(sa.select(sa.func.count()).select_from(flow_steps)).scalar_one()
    assert logged == 40 and {r["state"] for r in runs(engine)} == {"done"}


def test_publish_refuses_a_step_whose_type_or_config_does_not_fit(office):
    _app, engine = office
    bad = {**WELCOME, "steps": [{"key": "x", "type": "action", "action": "teleport"}]}
    with pytest.raises(InvalidDocument) as refused:
        install(engine, {"welcome": bad})
    assert refused.value.errors[0].path == "/flows/welcome/steps/0/action"
    wrong = {
        **WELCOME,
        "steps": [
            {
                "key": "x",
                "type": "action",
                "action": "set_field",
                "config": {"field": "lifecycle", "value": "martian"},
            }
        ],
    }
    with pytest.raises(InvalidDocument) as refused:
        install(engine, {"welcome": wrong})
    assert refused.value.errors[0].path == "/flows/welcome/steps/0/config/value"
