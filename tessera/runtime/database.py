"""Engines: SQLite (WAL, foreign keys) by default, PostgreSQL through psycopg 3."""

from __future__ import annotations

import sqlalchemy as sa

from tessera.runtime.pattern_sql import install_pattern_engine


def make_engine(url: str) -> sa.Engine:
    """An engine with the pragmas Tessera relies on, running people's regular expressions
    safely (:mod:`tessera.runtime.pattern_sql`).

    Example::

        engine = make_engine("sqlite:///instance/tessera.db")
    """
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    if url.startswith("sqlite"):
        engine = sa.create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @sa.event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _record):
            # Let SQLAlchemy issue BEGIN itself, so BEGIN IMMEDIATE etc. work.
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()

        @sa.event.listens_for(engine, "begin")
        def _begin(conn):
            conn.exec_driver_sql("BEGIN")

        install_pattern_engine(engine)
        return engine
    engine = sa.create_engine(url, pool_pre_ping=True)
    install_pattern_engine(engine)
    return engine
