"""Backtest a draft scoring model over stored leads (in SQL) against the published one."""

import copy

from tessera.builder import load_template
from tessera.conditions import FormSchema
from tessera.runtime import clock
from tessera.runtime.scoring import compile_model, explain_record, model_for
from tessera.runtime.scoring.backtest import run_backtest
from tests.runtime.scoring.conftest import T0, create_lead
from tests.support.deadline import deadline

LEADS = [
    # title, size, industry, email, stage
    ("销售总监", 800, "manufacturing", "a@acme.cn", "won"),  # 50 C → 60 B
    ("采购经理", 900, "finance", "b@qq.com", "won"),  # 35 D → 45 C
    ("工程师", 600, "retail", "c@corp.cn", "lost"),  # 20 D → 30 D
    ("CEO", 100, "education", "d@corp.cn", "lost"),  # 35 D
    ("市场专员", None, None, None, "new"),  # 0 D
]


def _draft(points: int):
    doc = load_template("leads")
    model = copy.deepcopy(doc["scoring"]["lead"])
    next(r for r in model["rules"] if r["key"] == "company_size_over_500")["points"] = points
    return model


def test_raising_company_size_to_25_shows_who_moves_before_publishing(leads):
    engine, catalog = leads
    with clock.frozen_at(T0), engine.begin() as conn:
        ids = [
            create_lead(
                conn,
                catalog,
                name=f"L{i}",
                title=t,
                company_size=s,
                industry=ind,
                email=e,
                stage=st,
            )
            for i, (t, s, ind, e, st) in enumerate(LEADS)
        ]
        app = catalog.get(conn, "leads")
        form = app.form("lead")
        old = model_for(app, "lead")
        new = compile_model(_draft(25), schema=FormSchema.of_deployed(form))
        result = run_backtest(conn, form, old=old, new=new, title_field="name")
        expected_new = {rid: explain_record(conn, form, rid, model=new).grade for rid in ids}
    assert result.total == 5 and result.changed == 2
    assert {(m["id"], m["old_grade"], m["new_grade"]) for m in result.movers} == {
        (ids[0], "C", "B"),
        (ids[1], "D", "C"),
    }
    assert result.transitions == {("C", "B"): 1, ("D", "C"): 1}
    assert result.old_table["C"] == {"won": 1, "lost": 0, "open": 0}
    assert result.old_table["D"] == {"won": 1, "lost": 2, "open": 1}
    assert result.new_table["B"]["won"] == 1 and result.new_table["C"]["won"] == 1
    assert result.new_table["D"] == {"won": 0, "lost": 2, "open": 1}
    assert result.win_rate(result.new_table, "D") == 0.0
    for grade in result.grades:  # the SQL backtest agrees with the per-record path
        assert sum(result.new_table[grade].values()) == sum(
            1 for g in expected_new.values() if g == grade
        )


def test_an_unchanged_model_moves_nobody(leads):
    engine, catalog = leads
    with clock.frozen_at(T0), engine.begin() as conn:
        create_lead(conn, catalog, name="x", title="CTO", company_size=700)
        app = catalog.get(conn, "leads")
        model = model_for(app, "lead")
        result = run_backtest(conn, app.form("lead"), old=model, new=model)
    assert result.total == 1 and result.changed == 0 and result.movers == []


def test_a_pathological_pattern_backtests_at_once(leads):
    """The draft's regex runs in SQL (REGEXP on SQLite, ``~`` on PostgreSQL) and in Python
    (the explanation) without backtracking (issue 9: 11 s for one 27-character name)."""
    engine, catalog = leads
    model = _draft(15)
    rule = {"field": "name", "op": "matches", "value": "(a+)+$"}
    model["rules"].append({"key": "robot", "when": rule, "points": 45})
    with clock.frozen_at(T0), engine.begin() as conn, deadline(5):
        hostile = create_lead(conn, catalog, name="a" * 27 + "!")
        robot = create_lead(conn, catalog, name="aaaa")
        form = catalog.get(conn, "leads").form("lead")
        new = compile_model(model, schema=FormSchema.of_deployed(form))
        result = run_backtest(conn, form, old=model_for(form.app, "lead"), new=new)
        explained = explain_record(conn, form, hostile, model=new)
    assert [(m["id"], m["new_grade"]) for m in result.movers] == [(robot, "C")]
    assert explained.score == 0
