"""``tessera init --demo`` installs a believable quarter of sample records, once."""

import sqlalchemy as sa
from click.testing import CliRunner

from tessera.runtime.catalog import AppCatalog
from tessera.runtime.database import make_engine
from tessera.runtime.scoring.engine import explain_record
from tessera.runtime.store.records import RecordStore
from tessera.runtime.tables import activities, events, users
from tessera.runtime.web.cli import main


def _init(tmp_path, url, *args):
    env = {"TESSERA_DATABASE_URL": url, "TESSERA_INSTANCE_PATH": str(tmp_path / "instance")}
    result = CliRunner().invoke(main, ["init", "--demo", *args], env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def _count(conn, table, where=None):
    query = sa.select(sa.func.count()).select_from(table)
    return conn.execute(query if where is None else query.where(where)).scalar_one()


def test_demo_has_sample_users_and_records_once(tmp_path, db_url):
    output = _init(tmp_path, db_url)
    assert "sample records: 6 campaign, 120 lead" in output
    assert "wang.fang@demo.tessera.local" in output and "password" in output
    again = _init(tmp_path, db_url)
    assert "none added" in again and "wang.fang" not in again

    engine = make_engine(db_url)
    with engine.connect() as conn:
        app = AppCatalog().get(conn, "leads")
        lead = app.form("lead")
        t = lead.table
        assert _count(conn, t) == 120
        assert _count(conn, app.form("campaign").table) == 6
        assert _count(conn, app.form("followup").table) > 20
        won = _count(conn, t, t.c.stage == "won")
        assert won >= 1 and _count(conn, app.form("customer").table) == won
        # Reps, a manager and a marketer; sales reps own the worked leads.
        assert _count(conn, users, users.c.role == "sales") == 5
        assert _count(conn, t, t.c.owner.is_(None) & (t.c.stage != "new")) == 0
        assert len({s for (s,) in conn.execute(sa.select(t.c.stage).distinct())}) >= 6
        assert len({s for (s,) in conn.execute(sa.select(t.c.source).distinct())}) >= 8
        # Lost leads say why; created times spread over months, not one instant.
        assert _count(conn, t, (t.c.stage == "lost") & t.c.lost_reason.is_(None)) == 0
        first, last = conn.execute(
            sa.select(sa.func.min(t.c.created_at), sa.func.max(t.c.created_at))
        ).one()
        assert (last - first).days >= 60
        # Behaviour events happened, and stage changes are on the timelines.
        assert _count(conn, events) > 50
        assert _count(conn, activities, activities.c.kind == "updated") > 100
        # Stored scores agree with the live explanation (decay applied up to now).
        store = RecordStore(conn, lead)
        for record in store.list(per_page=30)[0]:
            assert explain_record(conn, lead, record.id).score == record.values["score"]
    engine.dispose()


def test_empty_demo_has_no_sample_records(tmp_path, sqlite_db_url):
    output = _init(tmp_path, sqlite_db_url, "--empty")
    assert "sample" not in output
    engine = make_engine(sqlite_db_url)
    with engine.connect() as conn:
        lead = AppCatalog().get(conn, "leads").form("lead")
        assert _count(conn, lead.table) == 0
    engine.dispose()
