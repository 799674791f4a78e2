"""Tiers by value: the highest tier the amount reaches decides the team."""

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

BY_AMOUNT = {
    "type": "tiers",
    "field": "est_amount",
    "tiers": [{"min": 100000, "team": "east_china"}, {"min": 500000, "team": "key_accounts"}],
}


def test_the_highest_tier_reached_decides(office):
    app, engine = office
    ids = add_reps(engine)
    install_assignment(engine, rule(BY_AMOUNT))
    assert assigned(app, engine, 1, est_amount=500000) == [ids["lintao@example.com"]]
    record_id = create_lead(app, est_amount=120000, phone="13722223333")
    run_due(engine)
    (entry,) = timeline_entries(engine, record_id, "assigned")
    assert entry["changes"]["owner"][1] == ids["lilei@example.com"]
    assert explain(entry["assignment"], "en").startswith("Rule 1 → Estimated amount = ")


def test_below_every_tier_nobody_is_assigned(office):
    app, engine = office
    add_reps(engine)
    install_assignment(engine, rule(BY_AMOUNT))
    record_id = create_lead(app, est_amount=5000)
    run_due(engine)
    (entry,) = timeline_entries(engine, record_id, "assignment_failed")
    assert "没有对应的团队" in explain(entry["assignment"], "zh_CN")


def test_publish_refuses_tiers_on_a_field_that_is_not_a_number(office):
    _app, engine = office
    with pytest.raises(InvalidDocument) as refused:
        install_assignment(engine, rule({**BY_AMOUNT, "field": "company"}))
    assert refused.value.errors[0].path.endswith("/rules/0/strategy/field")
