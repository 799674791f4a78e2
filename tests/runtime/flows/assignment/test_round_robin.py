"""Round robin: members take turns; two workers deciding at once never pick the same turn
twice and 100 assignments spread evenly; a new process goes on where the last one stopped;
unavailable and inactive users are passed over."""

from __future__ import annotations

import threading
from collections import Counter

from tessera.runtime import clock
from tessera.runtime.catalog import AppCatalog
from tessera.runtime.database import make_engine, writer
from tessera.runtime.flows.assignment import AssignContext, Pick, assignment_registry
from tessera.runtime.flows.assignment.explain import explain
from tessera.runtime.flows.runner import run_due
from tessera.runtime.tables import users
from tests.runtime.flows.assignment.support import (
    add_reps,
    assigned,
    away,
    install_assignment,
    rule,
    timeline_entries,
)
from tests.runtime.flows.support import create_lead

EAST = {"type": "round_robin", "team": "east_china"}
SALES = {"type": "round_robin", "role": "sales"}


def _decide(engine, config, n, out):
    strategy = assignment_registry.get("round_robin")
    with engine.connect() as conn:
        form = AppCatalog().get(conn, "leads").form("lead")
    compiled = strategy.compile(dict(config), form, "/strategy")
    for _ in range(n):
        with writer(engine).begin() as conn:
            pick = strategy.choose(AssignContext(conn, form, {}, clock.now()), compiled)
        assert isinstance(pick, Pick)
        out.append((pick.reason["turn"], pick.user.id))


def test_two_workers_at_once_share_100_assignments_evenly_with_no_double_pick(office):
    _app, engine = office
    ids = sorted(add_reps(engine).values())  # 5 sales reps
    picks: list = []
    workers = [threading.Thread(target=_decide, args=(engine, SALES, 50, picks)) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert len(picks) == 100
    turns = sorted(picks)
    assert [t for t, _ in turns] == list(range(1, 101))  # every turn taken exactly once
    assert [u for _, u in turns] == [ids[i % 5] for i in range(100)]  # in order, no repeat
    assert set(Counter(u for _, u in picks).values()) == {20}


def test_a_restarted_process_goes_on_where_the_last_one_stopped(office, settings):
    _app, engine = office
    ids = sorted(add_reps(engine).values())
    first: list = []
    _decide(engine, SALES, 3, first)
    engine.dispose()
    again = make_engine(settings.database_url)
    later: list = []
    _decide(again, SALES, 3, later)
    again.dispose()
    assert [u for _, u in first + later] == ids[:5] + ids[:1]


def test_members_take_turns_and_the_unavailable_or_inactive_are_passed_over(office):
    app, engine = office
    ids = add_reps(engine)
    install_assignment(engine, rule(EAST))
    lilei, han = ids["lilei@example.com"], ids["hanmeimei@example.com"]
    assert assigned(app, engine, 3) == [lilei, han, lilei]
    away(engine, han)
    record_id = create_lead(app, phone="13700000001")
    run_due(engine)
    (entry,) = timeline_entries(engine, record_id, "assigned")
    assert entry["changes"]["owner"][1] == lilei
    assert explain(entry["assignment"], "zh_CN") == (
        "规则 1 → 团队 华东团队，轮询第 1 位（共 1 人）（1 人休假未参与），李雷"
    )
    assert explain(entry["assignment"], "en") == (
        "Rule 1 → team 华东团队, round robin 1 of 1 (1 away), 李雷"
    )
    away(engine, han, True)
    with engine.begin() as conn:
        conn.execute(users.update().where(users.c.id == lilei).values(active=False))
    record_id = create_lead(app, phone="13700000002")
    run_due(engine)
    (entry,) = timeline_entries(engine, record_id, "assigned")
    assert entry["changes"]["owner"][1] == han


def test_a_team_of_people_all_away_assigns_nobody_and_says_so(office):
    app, engine = office
    ids = add_reps(engine)
    install_assignment(engine, rule(EAST, label={"zh-CN": "华东", "en": "East"}))
    away(engine, ids["lilei@example.com"])
    away(engine, ids["hanmeimei@example.com"])
    record_id = create_lead(app)
    run_due(engine)
    (entry,) = timeline_entries(engine, record_id, "assignment_failed")
    assert explain(entry["assignment"], "en") == (
        "Not assigned: Rule 1: East → nobody available in team 华东团队 (2 away)"
    )
