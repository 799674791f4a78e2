"""Bring the platform tables to the latest Alembic revision."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from tessera.runtime.catalog import AppCatalog
from tessera.runtime.database import writer
from tessera.runtime.store.deploy import upgrade_record_tables
from tessera.runtime.store.list_indexes import sync_list_indexes

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def alembic_config(connection: sa.Connection | None = None) -> Config:
    """An Alembic config pointing at the packaged migrations."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


def upgrade(engine: sa.Engine, revision: str = "head") -> None:
    """Migrate the database behind ``engine`` to ``revision``.

    Example::

        upgrade(make_engine("sqlite:///instance/tessera.db"))
    """
    with writer(engine).begin() as conn:
        command.upgrade(alembic_config(conn), revision)
        if revision == "head":
            # Record tables are the store's, not Alembic's: it adds what older ones lack.
            upgrade_record_tables(conn)
            sync_every_list_index(conn)


def sync_every_list_index(conn: sa.Connection) -> None:
    """Give every published form the list indexes its version wants (an upgrade from a
    Tessera without them needs no republish)."""
    for app in AppCatalog().all(conn):
        views = app.spec.document.get("views") or {}
        for form in app.forms.values():
            sync_list_indexes(conn, form.spec, form.table.name, views.get(form.key))


def downgrade(engine: sa.Engine, revision: str) -> None:
    """Migrate down to ``revision`` (``base`` removes every platform table)."""
    with engine.begin() as conn:
        command.downgrade(alembic_config(conn), revision)
