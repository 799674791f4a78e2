"""How transactions begin: writers wait for SQLite's write lock instead of failing on a stale
read, read-only requests are guarded against writing, and state-changing requests (or GET
views marked :func:`writes`) begin as writers."""

from __future__ import annotations

import threading
import time

import pytest
import sqlalchemy as sa

from tessera.runtime.database import make_engine, reader, writer
from tessera.runtime.tables import teams
from tessera.runtime.web.app import create_app
from tessera.runtime.web.db import db, writes


def _add_team(conn, key: str) -> None:
    conn.execute(teams.insert().values(key=key, name=key))


def _team_keys(engine) -> list[str]:
    with engine.connect() as conn:
        return sorted(conn.execute(sa.select(teams.c.key)).scalars())


def test_writers_that_read_first_wait_their_turn_instead_of_failing(sqlite_engine):
    """Two transactions that each read, pause, then write: as writers both succeed in turn
    (a deferred BEGIN fails the second with «database is locked» at once)."""
    errors = []

    def read_then_write(key):
        try:
            with writer(sqlite_engine).begin() as conn:
                conn.execute(sa.select(sa.func.count()).select_from(teams)).scalar_one()
                time.sleep(0.2)
                _add_team(conn, key)
        except Exception as exc:
            errors.append(exc)

    threads = [threading.Thread(target=read_then_write, args=(k,)) for k in ("east", "west")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert _team_keys(sqlite_engine) == ["east", "west"]


def test_a_guarded_reader_cannot_write_and_the_connection_writes_again_later(sqlite_db_url):
    engine = make_engine(sqlite_db_url, guard_reads=True)
    try:
        with pytest.raises(sa.exc.OperationalError, match="readonly"):
            with reader(engine).begin() as conn:
                _add_team(conn, "east")
        with writer(engine).begin() as conn:  # same pooled connection, guard lifted
            _add_team(conn, "west")
        assert _team_keys(engine) == ["west"]
    finally:
        engine.dispose()


@pytest.fixture
def app(settings):
    """The app (test settings: reads guarded) with three extra routes that write."""
    app = create_app(settings)

    @app.get("/_test/get-writes")
    def get_writes():
        _add_team(db(), "from-get")
        return "stored"

    @app.get("/_test/marked-get-writes")
    @writes
    def marked_get_writes():
        _add_team(db(), "from-marked-get")
        return "stored"

    @app.post("/_test/post-writes")
    def post_writes():
        _add_team(db(), "from-post")
        return "stored"

    app.config["WTF_CSRF_ENABLED"] = False
    yield app
    app.extensions["tessera.engine"].dispose()


def test_a_get_view_that_writes_fails_loudly_under_test(app):
    with pytest.raises(sa.exc.OperationalError, match="readonly"):
        app.test_client().get("/_test/get-writes")
    assert _team_keys(app.extensions["tessera.engine"]) == []


def test_state_changing_requests_and_marked_gets_may_write(app):
    client = app.test_client()
    assert client.post("/_test/post-writes").status_code == 200
    assert client.get("/_test/marked-get-writes").status_code == 200
    assert _team_keys(app.extensions["tessera.engine"]) == ["from-marked-get", "from-post"]
