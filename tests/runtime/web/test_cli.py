"""The ``tessera`` command line, run as a user runs it (a real subprocess environment)."""

import sqlalchemy as sa
from click.testing import CliRunner

from tessera.runtime.database import make_engine
from tessera.runtime.tables import apps, users
from tessera.runtime.web.cli import main


def _run(env, *args):
    result = CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)
    return result


def _env(tmp_path, url):
    return {"TESSERA_DATABASE_URL": url, "TESSERA_INSTANCE_PATH": str(tmp_path / "instance")}


def test_init_demo_is_idempotent_and_prints_the_admin_once(tmp_path, db_url):
    env = _env(tmp_path, db_url)
    first = _run(env, "init", "--demo", "--empty")
    assert first.exit_code == 0, first.output
    assert "admin@tessera.local" in first.output and "password" in first.output
    assert "sample" not in first.output
    second = _run(env, "init", "--demo", "--empty")
    assert second.exit_code == 0, second.output
    assert "password" not in second.output
    assert "already installed" in second.output
    engine = make_engine(db_url)
    with engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(apps)).scalar_one() == 1
        assert conn.execute(sa.select(sa.func.count()).select_from(users)).scalar_one() == 1
        tables = set(sa.inspect(conn).get_table_names())
    engine.dispose()
    assert {
        "r_leads__lead",
        "r_leads__campaign",
        "r_leads__followup",
        "r_leads__customer",
    } <= tables


def test_init_with_a_chosen_admin(tmp_path, sqlite_db_url):
    env = _env(tmp_path, sqlite_db_url)
    result = _run(
        env, "init", "--admin-email", "Boss@Example.com", "--admin-password", "long-enough"
    )
    assert result.exit_code == 0
    assert "boss@example.com" in result.output


def test_user_add_and_token_create(tmp_path, sqlite_db_url):
    env = _env(tmp_path, sqlite_db_url)
    _run(env, "init")
    added = _run(
        env,
        "user",
        "add",
        "--email",
        "li@example.com",
        "--password",
        "secret-pass",
        "--role",
        "sales",
        "--name",
        "李雷",
        "--team",
        "east_china",
        "--regions",
        "上海,杭州",
    )
    assert added.exit_code == 0, added.output
    assert "li@example.com (sales)" in added.output
    token = _run(env, "token", "create", "--email", "li@example.com").output.strip()
    assert token.startswith("tsr_") and len(token) > 30
    engine = make_engine(sqlite_db_url)
    with engine.connect() as conn:
        row = conn.execute(sa.select(users).where(users.c.email == "li@example.com")).one()
    engine.dispose()
    assert row.regions == ["上海", "杭州"] and row.name == "李雷"
    assert row.password_hash != "secret-pass"


def test_bad_input_names_the_option(tmp_path, sqlite_db_url):
    env = _env(tmp_path, sqlite_db_url)
    _run(env, "init")
    bad_role = CliRunner().invoke(
        main,
        ["user", "add", "--email", "a@b.cn", "--password", "secret-pass", "--role", "wizard"],
        env=env,
    )
    assert bad_role.exit_code != 0 and "--role" in bad_role.output and "wizard" in bad_role.output
    short = CliRunner().invoke(
        main, ["user", "add", "--email", "a@b.cn", "--password", "x", "--role", "sales"], env=env
    )
    assert short.exit_code != 0 and "--password" in short.output
    nobody = CliRunner().invoke(main, ["token", "create", "--email", "nobody@b.cn"], env=env)
    assert nobody.exit_code != 0 and "--email" in nobody.output


def test_user_set_available_switches_a_rep_off_and_on(tmp_path, sqlite_db_url):
    env = _env(tmp_path, sqlite_db_url)
    _run(env, "init")
    _run(env, "user", "add", "--email", "li@example.com", "--password", "secret-pass",
         "--role", "sales")  # fmt: skip
    engine = make_engine(sqlite_db_url)

    def available():
        with engine.connect() as conn:
            query = sa.select(users.c.available).where(users.c.email == "li@example.com")
            return conn.execute(query).scalar_one()

    assert available() is True
    off = _run(env, "user", "set", "--email", "li@example.com", "--available", "no")
    assert off.exit_code == 0 and "unavailable for assignment" in off.output
    assert available() is False
    assert (
        _run(env, "user", "set", "--email", "li@example.com", "--available", "yes").exit_code == 0
    )
    assert available() is True
    bad = CliRunner().invoke(
        main, ["user", "set", "--email", "li@example.com", "--available", "maybe"], env=env
    )
    assert bad.exit_code == 2 and "--available" in bad.output
    nobody = CliRunner().invoke(
        main, ["user", "set", "--email", "nobody@b.cn", "--available", "no"], env=env
    )
    assert nobody.exit_code == 2 and "--email" in nobody.output
    engine.dispose()
