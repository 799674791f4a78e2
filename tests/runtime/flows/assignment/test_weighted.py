"""Weighted: score points are shared in proportion to each rep's historical win rate, so the
better closer gets more of the promising leads without the other getting none."""

from __future__ import annotations

from tessera.runtime.flows.assignment.explain import explain
from tessera.runtime.flows.runner import run_due
from tests.runtime.flows.assignment.support import (
    add_reps,
    install_assignment,
    rule,
    timeline_entries,
)
from tests.runtime.flows.support import create_lead, lead

WEIGHTED = {
    "type": "weighted",
    "team": "key_accounts",
    "score": "score",
    "won": {"field": "stage", "op": "eq", "value": "won"},
    "lost": {"field": "stage", "op": "eq", "value": "lost"},
}


def test_the_better_closer_carries_proportionally_more_score(office):
    app, engine = office
    ids = add_reps(engine)
    closer, other = ids["lintao@example.com"], ids["weihua@example.com"]
    history = [(closer, "won")] * 3 + [(closer, "lost"), *[(other, "lost")] * 3]
    for i, (owner, stage) in enumerate(history):
        create_lead(app, phone=f"1360000{i:04d}", owner=owner, stage=stage)
    install_assignment(engine, rule(WEIGHTED))
    new = [
        create_lead(app, phone=f"1350000{i:04d}", title="销售总监", company_size=800)
        for i in range(8)
    ]
    run_due(engine)
    assert lead(app, new[0])["score"] > 0
    owners = [lead(app, r)["owner"]["id"] for r in new]
    # win rates (3+1)/(4+2) = 67% and (0+1)/(3+2) = 20%: open score / rate stays level
    assert owners == [closer] * 3 + [other] + [closer] * 3 + [other]
    (entry,) = timeline_entries(engine, new[3], "assigned")
    text = explain(entry["assignment"], "zh_CN")
    assert text.startswith("规则 1 → 团队 大客户团队按胜率加权：胜率 20%（成交 0/3），在手分值 0")
    assert explain(entry["assignment"], "en").endswith("20% (0 of 3 won), open score 0, 魏华")
