"""Engines: SQLite (WAL, foreign keys) by default, PostgreSQL through psycopg 3.

How a transaction begins matters on SQLite. A deferred ``BEGIN`` that reads and later writes
fails at once with «database is locked» when another connection wrote in between
(``busy_timeout`` cannot help: the snapshot it read is already stale). So every transaction
that may write begins as a writer, ``BEGIN IMMEDIATE``, which waits its turn for the write
lock instead; read-only work keeps the deferred ``BEGIN`` and never blocks anybody (WAL).
The mode is an execution option (:data:`BEGIN_MODE`) of the connection or engine:
:func:`writer` / :func:`reader` give engines that begin that way. PostgreSQL always gets a
plain ``BEGIN``: its row locks (``SELECT … FOR UPDATE``) do that job.
"""

from __future__ import annotations

import contextlib
import threading
import weakref

import sqlalchemy as sa

from tessera.runtime.collation import install_pinyin_order
from tessera.runtime.pattern_sql import install_pattern_engine

BEGIN_MODE = "tessera_begin"
WRITE = "write"
READ = "read"
# Engine info key: when true, reader transactions run with ``PRAGMA query_only`` so that an
# accidental write in a read-only request fails loudly (tests switch it on).
GUARD_READS = "tessera_guard_reads"


def make_engine(url: str, *, guard_reads: bool = False) -> sa.Engine:
    """An engine with the pragmas Tessera relies on, running people's regular expressions
    safely (:mod:`tessera.runtime.pattern_sql`). ``guard_reads``: on SQLite, make any write
    inside a :func:`reader` transaction an error («attempt to write a readonly database»),
    so a read path that writes is caught in tests.

    Example::

        engine = make_engine("sqlite:///instance/tessera.db")
        with writer(engine).begin() as conn:  # BEGIN IMMEDIATE on SQLite
            ...
    """
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    if not url.startswith("sqlite"):
        engine = sa.create_engine(url, pool_pre_ping=True)
        install_pattern_engine(engine)
        return engine
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
        mode = conn.get_execution_options().get(BEGIN_MODE)
        if guard_reads:
            _set_query_only(conn, mode == READ)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if mode == WRITE else "BEGIN")

    install_pattern_engine(engine)
    install_pinyin_order(engine)
    return engine


def _set_query_only(conn: sa.Connection, on: bool) -> None:
    # The pragma belongs to the DBAPI connection, which the pool reuses: remember its state
    # there and only say something when it must change.
    info = conn.connection.info
    if info.get("query_only", False) != on:
        conn.exec_driver_sql(f"PRAGMA query_only={'ON' if on else 'OFF'}")
        info["query_only"] = on


_write_turns: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_write_turns_guard = threading.Lock()


def write_turn(engine: sa.Engine) -> threading.Lock | None:
    """On SQLite, the lock that hands this process's writers their turn (one per pool, so
    web requests and background workers of one process queue on the same one); None on
    PostgreSQL, whose row locks do that job.

    SQLite's busy handler makes waiters poll with growing sleeps, so a writer that commits
    and begins again at once (an import's next batch) can starve everybody else.

    Example::

        with write_turn(engine) or contextlib.nullcontext():
            with writer(engine).begin() as conn: ...
    """
    if engine.dialect.name != "sqlite":
        return None
    with _write_turns_guard:
        return _write_turns.setdefault(engine.pool, threading.Lock())


def my_turn(engine: sa.Engine):
    """This process's turn to write (:func:`write_turn`) as a context manager; a no-op on
    PostgreSQL.

    Example::

        with my_turn(engine), writer(engine).begin() as conn: ...
    """
    return write_turn(engine) or contextlib.nullcontext()


def writer(engine: sa.Engine) -> sa.Engine:
    """The same engine (same pool), its transactions beginning as writers.

    Use it for every transaction that may write outside a web request (CLI, background
    threads): ``with writer(engine).begin() as conn: ...``.
    """
    return engine.execution_options(**{BEGIN_MODE: WRITE})


def reader(engine: sa.Engine) -> sa.Engine:
    """The same engine, its transactions read-only (deferred ``BEGIN``; guarded when the
    engine was made with ``guard_reads``)."""
    return engine.execution_options(**{BEGIN_MODE: READ})
