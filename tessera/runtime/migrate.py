"""Bring the platform tables to the latest Alembic revision."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from tessera.runtime.database import writer
from tessera.runtime.store.deploy import upgrade_record_tables

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


def downgrade(engine: sa.Engine, revision: str) -> None:
    """Migrate down to ``revision`` (``base`` removes every platform table)."""
    with engine.begin() as conn:
        command.downgrade(alembic_config(conn), revision)
