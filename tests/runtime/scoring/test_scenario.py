"""The issue's Done-when scenario, as a new user would try it, on SQLite and PostgreSQL."""

import datetime as dt

import sqlalchemy as sa

from tessera.runtime import clock
from tessera.runtime.events import record_event
from tessera.runtime.scoring import explain_record
from tessera.runtime.scoring.decay import run_score_decay
from tessera.runtime.tables import activities
from tests.runtime.scoring.conftest import T0, create_lead


def _stored(conn, form, lead_id):
    row = conn.execute(
        sa.select(form.table.c.score, form.table.c.grade).where(form.table.c.id == lead_id)
    ).one()
    return row.score, row.grade


def test_director_at_a_large_manufacturer_scores_as_the_contract_says(leads):
    engine, catalog = leads
    with clock.frozen_at(T0), engine.begin() as conn:
        lead_id = create_lead(
            conn,
            catalog,
            name="张伟",
            title="销售总监",
            company_size=800,
            industry="manufacturing",
            email="zhang.wei@acme-machinery.com",
        )
        form = catalog.get(conn, "leads").form("lead")
        assert _stored(conn, form, lead_id) == (50, "C")

    def event(at, type_, **props):
        with clock.frozen_at(at), engine.begin() as conn:
            record_event(conn, form, lead_id, type=type_, props=props)
            return _stored(conn, form, lead_id), explain_record(conn, form, lead_id)

    day = dt.timedelta(days=1)
    event(T0 + day, "page_view", page="pricing")
    (score, explanation) = event(T0 + 2 * day, "webinar_attended")
    assert score == (80, "B") and explanation.sales_ready
    assert event(T0 + 3 * day, "page_view", page="pricing")[0] == (80, "B")
    (score, explanation) = event(T0 + 4 * day, "demo_video_completed")
    assert score == (90, "A")
    assert [(f.key, f.points) for f in explanation.fired] == [
        ("title_director", 20),
        ("company_size_over_500", 15),
        ("target_industry", 10),
        ("company_email", 5),
        ("viewed_pricing", 15),
        ("attended_webinar", 15),
        ("watched_demo", 10),
    ]

    quiet = T0 + 4 * day + 30 * day
    with engine.begin() as conn:
        assert run_score_decay(conn, quiet - dt.timedelta(hours=1))["leads/lead"] == 0
        assert run_score_decay(conn, quiet)["leads/lead"] == 1
        assert _stored(conn, form, lead_id) == (80, "B")
        with clock.frozen_at(quiet):
            fired = explain_record(conn, form, lead_id).fired
        assert fired[-1].key == "inactive_30_days" and fired[-1].points == -10
        timeline = list(
            conn.execute(
                sa.select(activities)
                .where(activities.c.record_id == lead_id)
                .order_by(activities.c.id)
            )
        )
    scored = [r.payload for r in timeline if r.kind == "scored"]
    assert [p["score"] for p in scored] == [[50, 65], [65, 80], [80, 90], [90, 80]]


def test_a_free_mail_manager_scores_lower_and_editing_rescores(leads):
    engine, catalog = leads
    with clock.frozen_at(T0), engine.begin() as conn:
        lead_id = create_lead(
            conn,
            catalog,
            name="李娜",
            title="采购经理",
            company_size=120,
            industry="retail",
            email="lina@qq.com",
        )
        app = catalog.get(conn, "leads")
        form = app.form("lead")
        assert _stored(conn, form, lead_id) == (10, "D")
        from tessera.runtime.store import RecordStore

        RecordStore(conn, form).update(lead_id, {"industry": "finance", "company_size": 900.0})
        assert _stored(conn, form, lead_id) == (35, "D")
        RecordStore(conn, form).update(lead_id, {"title": "Vice President, Sales"})
        assert _stored(conn, form, lead_id) == (45, "C")


def test_tessera_tick_applies_score_decay_at_the_given_instant(leads, migrated_db_url, tmp_path):
    from click.testing import CliRunner

    from tessera.runtime.web.cli import main

    engine, catalog = leads
    with clock.frozen_at(T0), engine.begin() as conn:
        lead_id = create_lead(conn, catalog, name="王强", company_size=900, email="wq@qq.com")
        form = catalog.get(conn, "leads").form("lead")
    env = {"TESSERA_DATABASE_URL": migrated_db_url, "TESSERA_INSTANCE_PATH": str(tmp_path / "i")}
    result = CliRunner().invoke(
        main, ["tick", "--at", "2026-12-03T10:00:00+08:00"], env=env, catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    assert "score decay leads/lead: 1 rescored" in result.output
    with engine.connect() as conn:
        assert _stored(conn, form, lead_id) == (5, "D")
    bad = CliRunner().invoke(main, ["tick", "--at", "tomorrow"], env=env)
    assert bad.exit_code != 0 and "ISO-8601" in bad.output
