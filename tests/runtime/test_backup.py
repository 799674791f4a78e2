"""``tessera backup`` / ``restore`` round-trip a whole instance between SQLite and
PostgreSQL with identical data: the demo app with its sample records, flow runs, queued
messages and a connection; the restored instance serves and goes on numbering records; a
damaged backup or a database in use is refused with nothing loaded."""

from __future__ import annotations

import gzip

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from tessera.db import metadata
from tessera.runtime.database import make_engine
from tessera.runtime.flows.runner import run_due
from tessera.runtime.outbox import connections
from tessera.runtime.portability.encoding import encode
from tessera.runtime.portability.restore import RestoreRefused, restore_backup
from tessera.runtime.setup import initialize
from tessera.runtime.tables import form_tables
from tessera.runtime.web.cli import main

ADMIN = "admin@example.com"


def snapshot(engine) -> dict[str, list]:
    """Every row of every platform and record table, engine-neutral, in id order."""
    out = {}
    with engine.connect() as conn:
        names = [t.name for t in metadata.sorted_tables]
        names += conn.execute(sa.select(form_tables.c.table_name)).scalars().all()
        for name in names:
            if name in metadata.tables:
                table = metadata.tables[name]
            else:
                table = sa.Table(name, sa.MetaData(), autoload_with=conn)
            order = list(table.primary_key.columns) or list(table.columns)[:1]
            rows = conn.execute(sa.select(table).order_by(*order)).mappings().all()
            out[name] = [{k: _same(encode(v)) for k, v in row.items()} for row in rows]
    return out


def _same(value):
    """Floats and decimals of equal value compare equal whichever engine held them."""
    if isinstance(value, dict) and "$dec" in value:
        return float(value["$dec"])
    return value


def cli(url, tmp_path, *args):
    env = {"TESSERA_DATABASE_URL": url, "TESSERA_INSTANCE_PATH": str(tmp_path / "instance")}
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def demo_instance(url):
    engine = make_engine(url)
    initialize(
        engine, demo=True, admin_email=ADMIN, admin_password="backup-pass-1", sample_records=True
    )
    with engine.begin() as conn:
        connections.put(
            conn,
            "sales_robot",
            "dingtalk",
            "https://oapi.dingtalk.com/robot/send?access_token=t",
            secret="SEC1",
        )
    run_due(engine)
    return engine


@pytest.mark.parametrize("direction", ["sqlite_to_pg", "pg_to_sqlite"])
def test_an_instance_round_trips_between_engines_with_identical_data(
    direction, sqlite_db_url, pg_db_url, tmp_path
):
    source_url, target_url = (
        (sqlite_db_url, pg_db_url) if direction == "sqlite_to_pg" else (pg_db_url, sqlite_db_url)
    )
    source = demo_instance(source_url)
    path = tmp_path / "instance.backup.gz"
    made = cli(source_url, tmp_path, "backup", str(path))
    assert made.exit_code == 0 and "backup written" in made.output, made.output
    restored = cli(target_url, tmp_path, "restore", str(path))
    assert restored.exit_code == 0, restored.output
    target = make_engine(target_url)
    before, after = snapshot(source), snapshot(target)
    assert before.keys() == after.keys()
    for name in before:
        assert after[name] == before[name], name
    assert len(before["r_leads__lead"]) >= 100  # the demo's sample leads came along

    from tessera.runtime.config import Settings
    from tessera.runtime.web.app import create_app

    settings = Settings.from_env(
        instance_path=tmp_path / "i2", database_url=target_url, secret_key="t", testing=True
    )
    app = create_app(settings)
    app.config["WTF_CSRF_ENABLED"] = False
    client = app.test_client()
    assert (
        client.post("/login", data={"email": ADMIN, "password": "backup-pass-1"}).status_code == 303
    )
    assert client.get("/a/leads/lead").status_code == 200
    with target.connect() as conn:
        top = conn.execute(sa.text("SELECT MAX(id) FROM r_leads__lead")).scalar()
    from tessera.runtime.auth.tokens import create_token

    with target.begin() as conn:
        token = create_token(
            conn,
            conn.execute(sa.text("SELECT id FROM users WHERE email = :e"), {"e": ADMIN}).scalar(),
        )
    answer = client.post(
        "/api/v1/apps/leads/forms/lead/records?dedup=off",
        json={"fields": {"name": "恢复后的新线索"}},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert answer.status_code == 201 and answer.get_json()["id"] == top + 1
    source.dispose()
    target.dispose()


def test_a_damaged_backup_or_a_database_in_use_is_refused(sqlite_db_url, pg_db_url, tmp_path):
    source = demo_instance(sqlite_db_url)
    path = tmp_path / "b.gz"
    assert cli(sqlite_db_url, tmp_path, "backup", str(path)).exit_code == 0
    with gzip.open(path, "rt", encoding="utf-8") as whole:
        lines = whole.readlines()
    truncated = tmp_path / "truncated.gz"
    with gzip.open(truncated, "wt", encoding="utf-8") as out:
        out.writelines(lines[: len(lines) // 2])
    target = make_engine(pg_db_url)
    with pytest.raises(RestoreRefused, match="truncated|missing"):
        restore_backup(target, truncated)
    with target.connect() as conn:
        assert conn.execute(sa.text("SELECT COUNT(*) FROM users")).scalar() == 0
    in_use = cli(sqlite_db_url, tmp_path, "restore", str(path))
    assert in_use.exit_code == 1 and "not empty" in in_use.output
    not_backup = tmp_path / "x.gz"
    with gzip.open(not_backup, "wt") as out:
        out.write("hello\n")
    refused = cli(pg_db_url, tmp_path, "restore", str(not_backup))
    assert refused.exit_code == 1 and "not a Tessera backup" in refused.output
    source.dispose()
    target.dispose()


def test_an_app_bundle_exports_and_installs_on_another_instance(sqlite_db_url, pg_db_url, tmp_path):
    import json

    demo_instance(sqlite_db_url).dispose()
    path = tmp_path / "leads.json"
    out = cli(sqlite_db_url, tmp_path, "export", "leads", "-o", str(path))
    assert out.exit_code == 0, out.output
    bundle = json.loads(path.read_text(encoding="utf-8"))
    assert bundle["app"] == "leads" and "sales_handoff" in bundle["published"]["flows"]
    assert "SEC1" not in path.read_text(encoding="utf-8")  # connections are not metadata
    initialize(make_engine(pg_db_url), admin_email=ADMIN, admin_password="backup-pass-1")
    installed = cli(pg_db_url, tmp_path, "import", str(path))
    assert installed.exit_code == 0 and "app leads installed, version 1" in installed.output
    again = cli(pg_db_url, tmp_path, "import", str(path))
    assert again.exit_code == 0 and "version 1" in again.output  # nothing new to publish
    missing = cli(pg_db_url, tmp_path, "export", "nope")
    assert missing.exit_code == 2 and "no app 'nope'" in missing.output
    bundle["published"]["forms"][0]["sections"] = "broken"
    path.write_text(json.dumps(bundle), encoding="utf-8")
    refused = cli(pg_db_url, tmp_path, "import", str(path))
    assert refused.exit_code == 1 and "not valid" in refused.output
