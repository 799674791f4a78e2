"""Fresh databases per test: SQLite files and PostgreSQL databases, empty or migrated.

A migrated database is copied from a template migrated once per session (a file copy on
SQLite, ``CREATE DATABASE … TEMPLATE`` on PostgreSQL), so a test never pays for Alembic.
"""

from __future__ import annotations

import shutil
import sqlite3
import uuid
from contextlib import closing
from pathlib import Path

import sqlalchemy as sa

from tessera.runtime import migrate
from tessera.runtime.database import make_engine


def sqlite_url(path: Path) -> str:
    """The SQLAlchemy URL of the SQLite file at ``path``."""
    return f"sqlite:///{Path(path).resolve()}"


def migrate_to_head(url: str) -> None:
    """Bring the database at ``url`` to the head revision, leaving no connection open."""
    engine = make_engine(url)
    try:
        migrate.upgrade(engine)
    finally:
        engine.dispose()


def make_sqlite_template(path: Path) -> Path:
    """Create a SQLite file at ``path`` migrated to head, self-contained (no ``-wal`` file)."""
    migrate_to_head(sqlite_url(path))
    with closing(sqlite3.connect(path)) as conn:  # folds the WAL into the main file
        conn.execute("PRAGMA journal_mode=DELETE")
    return path


def copy_sqlite(template: Path, target: Path) -> str:
    """Copy a template made by :func:`make_sqlite_template` to ``target``; return its URL."""
    shutil.copyfile(template, target)
    return sqlite_url(target)


class PgDatabases:
    """Creates and drops databases on one PostgreSQL server.

    Example::

        dbs = PgDatabases("postgresql://postgres@127.0.0.1:5432/postgres")
        url = dbs.create(template="tmpl_abc")
        dbs.drop(url)
    """

    def __init__(self, server_url: str):
        self.server_url = sa.engine.make_url(server_url)
        self._admin = make_engine(server_url).execution_options(isolation_level="AUTOCOMMIT")

    def url_of(self, name: str) -> str:
        """The URL of database ``name`` on this server (same scheme and credentials)."""
        return self.server_url.set(database=name).render_as_string(hide_password=False)

    def create(self, *, prefix: str = "t", template: str | None = None) -> str:
        """Create a database with a random name (copying ``template`` if given); return its URL."""
        name = f"{prefix}_{uuid.uuid4().hex[:16]}"
        clause = f" TEMPLATE {template}" if template else ""
        with self._admin.connect() as conn:
            conn.exec_driver_sql(f"CREATE DATABASE {name}{clause}")
        return self.url_of(name)

    def drop(self, url: str) -> None:
        """Drop the database behind ``url``, disconnecting whoever still uses it."""
        name = sa.engine.make_url(url).database
        with self._admin.connect() as conn:
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def server_version(self) -> str:
        """``SELECT version()`` on the server."""
        with self._admin.connect() as conn:
            return conn.exec_driver_sql("SELECT version()").scalar_one()

    def dispose(self) -> None:
        """Close the administrative connections."""
        self._admin.dispose()
