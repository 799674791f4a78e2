"""The platform's Alembic chain on SQLite and PostgreSQL: up, down, up again, and no drift."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

import tessera.runtime.tables  # noqa: F401  (registers the platform tables on the metadata)
from tessera.db import metadata
from tessera.runtime import migrate
from tessera.runtime.database import make_engine

PLATFORM_TABLES = {
    "users",
    "teams",
    "team_members",
    "api_tokens",
    "apps",
    "app_versions",
    "form_tables",
    "form_columns",
    "activities",
    "events",
    "tasks",
    "audit_log",
}


def table_names(engine: sa.Engine) -> set[str]:
    return set(sa.inspect(engine).get_table_names())


def schema_drift(engine: sa.Engine) -> list:
    """What autogenerate would put in a new revision for the platform tables.

    Tables, columns, types, nullability, indexes and constraints; not server defaults, which
    SQLite reflects with its own quoting and so always "differ".
    """

    def platform_only(obj, name, type_, reflected, compare_to):
        return type_ != "table" or name in metadata.tables

    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"include_object": platform_only, "compare_type": True}
        )
        return compare_metadata(context, metadata)


def test_every_platform_table_is_in_the_metadata():
    assert PLATFORM_TABLES <= set(metadata.tables)


def test_upgrade_to_head_creates_the_platform_tables(db_url):
    engine = make_engine(db_url)
    try:
        assert not table_names(engine) & set(metadata.tables)
        migrate.upgrade(engine)
        assert table_names(engine) >= PLATFORM_TABLES | set(metadata.tables)
    finally:
        engine.dispose()


def test_downgrade_to_base_removes_them_and_upgrade_works_again(db_url):
    engine = make_engine(db_url)
    try:
        migrate.upgrade(engine)
        migrate.downgrade(engine, "base")
        assert not table_names(engine) & set(metadata.tables)
        migrate.upgrade(engine)
        assert table_names(engine) >= set(metadata.tables)
        assert schema_drift(engine) == []
    finally:
        engine.dispose()


def test_head_matches_the_metadata(engine):
    """A table or column changed in ``runtime/tables.py`` without a revision fails here."""
    assert schema_drift(engine) == []


def test_drift_is_detected(engine):
    """The drift check can fail: a column missing from the database is reported."""
    with engine.begin() as conn:
        conn.exec_driver_sql("ALTER TABLE audit_log DROP COLUMN ip")
    diffs = schema_drift(engine)
    assert any(d[0] == "add_column" and d[3].name == "ip" for d in diffs), diffs
