"""Load-balanced: the rep with the fewest open leads gets the next; a rep at the cap gets
none; when everyone is at the cap nobody is assigned and the history says so."""

from __future__ import annotations

from tessera.runtime.flows.assignment.explain import explain
from tessera.runtime.flows.runner import run_due
from tests.runtime.flows.assignment.support import (
    add_reps,
    install_assignment,
    rule,
    timeline_entries,
)
from tests.runtime.flows.support import create_lead, lead, runs, steps

BALANCED = {
    "type": "load_balanced",
    "team": "east_china",
    "cap": 2,
    "open": {"field": "stage", "op": "not_in", "value": ["won", "lost", "invalid"]},
}


def test_fewest_open_first_and_never_past_the_cap(office):
    app, engine = office
    ids = add_reps(engine)
    lilei, han = ids["lilei@example.com"], ids["hanmeimei@example.com"]
    create_lead(app, phone="13600000001", owner=lilei)  # open
    create_lead(app, phone="13600000002", owner=han, stage="won")  # closed: not counted
    install_assignment(engine, rule(BALANCED))
    new = [create_lead(app, phone=f"1350000{i:04d}") for i in range(4)]
    run_due(engine)
    owners = [(lead(app, r)["owner"] or {}).get("id") for r in new]
    assert owners == [han, lilei, han, None]
    (entry,) = timeline_entries(engine, new[0], "assigned")
    assert explain(entry["assignment"], "zh_CN") == (
        "规则 1 → 团队 华东团队中在手最少（0 条，上限 2 条），韩梅梅"
    )
    (failed,) = timeline_entries(engine, new[3], "assignment_failed")
    assert explain(failed["assignment"], "en") == (
        "Not assigned: Rule 1 → everyone in team 华东团队 is at the cap of 2"
    )
    last_run = [r for r in runs(engine) if r["record_id"] == new[3]][0]
    assert steps(engine, last_run["id"])[0][2]["assigned"] is False
