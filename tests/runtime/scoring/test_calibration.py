"""Calibration from closed leads: too little history is said plainly; with enough, the rule
that separates won from lost gains points and the others lose them."""

import sqlalchemy as sa

from tessera.runtime import clock
from tessera.runtime.scoring import model_for
from tessera.runtime.scoring.calibration import calibrate, fit_logistic
from tests.runtime.scoring.conftest import T0


def _insert(conn, form, rows):
    table = form.table
    conn.execute(
        table.insert(),
        [
            {
                "created_at": T0,
                "updated_at": T0,
                "title": t,
                "company_size": s,
                "industry": ind,
                "stage": stage,
            }
            for t, s, ind, stage in rows
        ],
    )


def test_too_little_history_is_said_plainly(leads):
    engine, catalog = leads
    with clock.frozen_at(T0), engine.begin() as conn:
        app = catalog.get(conn, "leads")
        form = app.form("lead")
        _insert(
            conn, form, [("CEO", 900.0, "finance", "won")] * 3 + [("助理", 10.0, None, "lost")] * 2
        )
        result = calibrate(conn, form, model_for(app, "lead"))
    assert not result.enough and result.rules == []
    assert "only 5 closed records (3 won, 2 lost)" in result.reason


def test_big_companies_win_so_company_size_gains_points(leads):
    engine, catalog = leads
    rows = (
        [("工程师", 900.0, "retail", "won")] * 18
        + [("工程师", 900.0, "retail", "lost")] * 2
        + [("工程师", 50.0, "finance", "won")] * 3
        + [("工程师", 50.0, "finance", "lost")] * 17
        + [("工程师", 50.0, "retail", "new")] * 5
    )
    with clock.frozen_at(T0), engine.begin() as conn:
        app = catalog.get(conn, "leads")
        form = app.form("lead")
        _insert(conn, form, rows)
        result = calibrate(conn, form, model_for(app, "lead"))
    assert result.enough and result.closed == 40 and result.won == 21
    proposed = {r["key"]: r["proposed"] for r in result.rules}
    assert proposed["company_size_over_500"] > 15
    assert proposed["target_industry"] < 0
    assert sum(p for p in proposed.values() if p > 0) == sum(
        r["current"] for r in result.rules if r["current"] > 0
    )
    by_grade = {g["grade"]: g for g in result.grades}
    assert sum(g["records"] for g in result.grades) == 40
    top = max((g for g in result.grades if g["records"]), key=lambda g: g["predicted"])
    assert top["observed"] == 18 / 20 and abs(top["predicted"] - 0.9) < 0.1
    assert by_grade["D"]["records"] >= 20


def test_the_fit_recovers_a_known_separation():
    weights = fit_logistic({(1,): [80, 20], (0,): [20, 80]}, 1, ridge=0.0)
    assert abs(weights[1] - 2 * 1.386) < 0.01 and abs(weights[0] + 1.386) < 0.01
    _ = sa
