"""By field value: industry → team, whose members take turns; a value without a team falls
through to the next rule; the option may be named by its label."""

from __future__ import annotations

import pytest

from tessera.builder import InvalidDocument
from tessera.runtime.flows.assignment.explain import explain
from tessera.runtime.flows.runner import run_due
from tests.runtime.flows.assignment.support import (
    add_reps,
    assigned,
    install_assignment,
    rule,
    timeline_entries,
)
from tests.runtime.flows.support import create_lead

BY_INDUSTRY = {
    "type": "by_field",
    "field": "industry",
    "teams": {"finance": "key_accounts", "制造业": "east_china"},  # a key, a label
}


def test_the_industry_decides_the_team(office):
    app, engine = office
    ids = add_reps(engine)
    install_assignment(engine, rule(BY_INDUSTRY), rule({"type": "round_robin", "role": "sales"}))
    assert assigned(app, engine, 2, industry="finance") == [
        ids["lintao@example.com"],
        ids["weihua@example.com"],
    ]
    record_id = create_lead(app, industry="manufacturing", phone="13711112222")
    run_due(engine)
    (entry,) = timeline_entries(engine, record_id, "assigned")
    assert entry["changes"]["owner"][1] == ids["lilei@example.com"]
    assert explain(entry["assignment"], "zh_CN") == (
        "规则 1 → 行业 = 制造业 → 团队 华东团队，轮询第 1 位（共 2 人），李雷"
    )
    assert explain(entry["assignment"], "en") == (
        "Rule 1 → Industry = Manufacturing → team 华东团队, round robin 1 of 2, 李雷"
    )


def test_a_value_without_a_team_falls_through_to_the_next_rule(office):
    app, engine = office
    ids = add_reps(engine)
    install_assignment(engine, rule(BY_INDUSTRY), rule({"type": "round_robin", "role": "sales"}))
    record_id = create_lead(app, industry="retail")
    run_due(engine)
    (entry,) = timeline_entries(engine, record_id, "assigned")
    assert entry["changes"]["owner"][1] == min(ids.values())
    assert entry["assignment"]["rule"] == 2
    assert entry["assignment"]["passed"][0]["why"] == "no_team_for_value"


def test_publish_refuses_a_value_the_field_does_not_offer(office):
    _app, engine = office
    with pytest.raises(InvalidDocument) as refused:
        install_assignment(engine, rule({**BY_INDUSTRY, "teams": {"farming": "east_china"}}))
    assert refused.value.errors[0].path.endswith("/rules/0/strategy/teams/farming")
