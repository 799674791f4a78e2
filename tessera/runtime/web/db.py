"""One database transaction per request: committed when the response is ready, rolled back
on an error, so a request never leaves half its writes behind.

A request that changes state (POST, PUT, PATCH, DELETE) begins as a writer (``BEGIN
IMMEDIATE`` on SQLite: it waits for the write lock instead of failing on a stale read
snapshot); every other request is a reader and must not write (a GET view that has to write
says so with :func:`writes`). Work that must not hold up or fail the request, such as
noting a token's last use, runs after the request's connection is returned
(:func:`after_request_connection`).
"""

from __future__ import annotations

import logging

from flask import current_app, g, request

from tessera.runtime.database import reader, write_turn, writer

STATE_CHANGING = frozenset({"POST", "PUT", "PATCH", "DELETE"})
WRITE_TURN_TIMEOUT_S = 30  # as long as SQLite's own busy timeout
log = logging.getLogger(__name__)


def install_engines(app, engine) -> None:
    """Keep the app's engine and its reader/writer views (same pool) on the app; on SQLite
    also a lock that hands writing requests of this process their turn in order."""
    app.extensions["tessera.engine"] = engine
    app.extensions["tessera.engines"] = {True: writer(engine), False: reader(engine)}
    # SQLite has one writer at a time; its busy handler makes waiters poll with growing
    # sleeps, so under load some waited ~2 s (p99). Queuing on a lock first makes the wait
    # end the moment the previous writer commits. Other processes still meet the busy handler.
    app.extensions["tessera.write_turn"] = write_turn(engine)


def writes(view):
    """Mark a view that writes although its method is GET (it then begins as a writer).

    Example::

        @bp.get("/unsubscribe/<token>")
        @writes
        def unsubscribe(token): ...
    """
    view.db_writes = True
    return view


def _request_writes() -> bool:
    if request.method in STATE_CHANGING:
        return True
    view = current_app.view_functions.get(request.endpoint or "")
    return getattr(view, "db_writes", False)  # functools.wraps copies it through decorators


def _take_write_turn() -> None:
    turn = current_app.extensions.get("tessera.write_turn")
    if turn is not None and turn.acquire(timeout=WRITE_TURN_TIMEOUT_S):
        g.db_write_turn = turn  # else SQLite's busy timeout decides, as without the lock


def _end_write_turn() -> None:
    turn = g.pop("db_write_turn", None)
    if turn is not None:
        turn.release()


def db():
    """The request's connection, inside its transaction."""
    if "db_conn" not in g:
        writes = _request_writes()
        if writes:
            _take_write_turn()
        engine = current_app.extensions["tessera.engines"][writes]
        conn = engine.connect()
        g.db_conn = conn
        g.db_txn = conn.begin()
    return g.db_conn


def settings():
    """The app's :class:`~tessera.runtime.config.Settings`."""
    return current_app.extensions["tessera.settings"]


def catalog():
    """The app's :class:`~tessera.runtime.catalog.AppCatalog`."""
    return current_app.extensions["tessera.catalog"]


def after_request_connection(work) -> None:
    """Run ``work(writer_engine)`` once this request's connection is closed: best effort,
    in its own transaction, never failing the request (errors are logged)."""
    g.setdefault("db_after", []).append(work)


def commit_connection(response):
    """Commit the request's writes unless the response is a server error."""
    txn = g.pop("db_txn", None)
    if txn is not None and txn.is_active:
        if response.status_code >= 500:
            txn.rollback()
        else:
            txn.commit()
    _end_write_turn()
    return response


def close_connection(exc=None):
    """Roll back whatever is still open and return the connection to the pool; then run
    the work queued by :func:`after_request_connection`."""
    txn = g.pop("db_txn", None)
    if txn is not None and txn.is_active:
        txn.rollback()
    conn = g.pop("db_conn", None)
    if conn is not None:
        conn.close()
    _end_write_turn()
    for work in g.pop("db_after", ()):
        try:
            work(current_app.extensions["tessera.engines"][True])
        except Exception:  # best effort by contract: the response is already decided
            log.warning("after-request work failed", exc_info=True)
