"""Fixtures for the whole suite: databases (SQLite and PostgreSQL), settings, a live server
and headless Chromium.

Databases — every function-scoped database is new, so tests never see each other's rows:

- ``db_url`` — an EMPTY database, parametrized ``[sqlite]`` / ``[pg]``;
- ``migrated_db_url`` — a database at the head revision, parametrized ``[sqlite]`` / ``[pg]``;
- ``sqlite_db_url`` / ``pg_db_url`` — one backend only, migrated;
- ``engine`` — ``make_engine(migrated_db_url)``; ``sqlite_engine`` — on ``sqlite_db_url``;
- ``pg_server`` (session) — the server URL: ``TESSERA_TEST_PG_URL`` if set, else a throwaway
  server started for the session, else skip (or fail under ``TESSERA_REQUIRE_PG=1``).

App — ``settings`` (on ``migrated_db_url`` when the test uses it, else ``sqlite_db_url``),
``live_server`` (``create_app(settings)`` on a loopback port; ``.url``, ``.app``).

Browser — ``browser`` (session) and ``page`` (a new context per test: 1280×800, zh-CN,
Asia/Shanghai); a failing test's page is saved to ``tests/.artifacts/``. Without Chromium they
skip (or fail under ``TESSERA_REQUIRE_BROWSER=1``).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tessera.runtime.config import Settings
from tessera.runtime.database import make_engine
from tests.support import browser as browser_support
from tests.support import postgres
from tests.support.databases import (
    PgDatabases,
    copy_sqlite,
    make_sqlite_template,
    migrate_to_head,
    sqlite_url,
)
from tests.support.live_server import LiveServer
from tests.support.requirements import require_or_skip

BACKENDS = ["sqlite", pytest.param("pg", marks=pytest.mark.pg)]
BROWSER_FIXTURES = {"browser", "page"}


def pytest_collection_modifyitems(items):
    """Mark what needs PostgreSQL or Chromium, so ``-m "not pg and not browser"`` works.

    Parametrized ``[pg]`` cases carry the mark through :data:`BACKENDS`; this adds it to tests
    asking for ``pg_server`` or ``pg_db_url`` directly.
    """
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if names & {"pg_server", "pg_db_url"}:
            item.add_marker(pytest.mark.pg)
        if names & BROWSER_FIXTURES:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """When a test using ``page`` fails, keep a screenshot and name it in the report."""
    report = yield
    if report.when == "call" and report.failed and "page" in getattr(item, "funcargs", {}):
        path = browser_support.save_failure_screenshot(item.funcargs["page"], item.nodeid)
        if path is not None:
            report.sections.append(("screenshot", str(path)))
    return report


@pytest.fixture(autouse=True)
def clock_left_running():
    """No test leaves the clock frozen: a frozen instant that outlives its test moves time for
    every later test in the process (a purge or a due timer then sees the wrong day)."""
    from tessera.runtime import clock

    assert clock.frozen_instant() is None, "an earlier test left the clock frozen"
    yield
    left = clock.frozen_instant()
    if left is not None:
        clock.unfreeze()
        pytest.fail(f"the test left the clock frozen at {left.isoformat()}")


# --- PostgreSQL -------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def pg_server():
    """The URL of a PostgreSQL server's ``postgres`` database, for this session."""
    url = os.environ.get("TESSERA_TEST_PG_URL")
    if url:
        yield url
        return
    reason = postgres.unavailable_reason()
    if reason:
        require_or_skip("pg", reason)
    base_dir = postgres.new_base_dir()
    try:
        url = postgres.start(base_dir)
    except Exception:
        shutil.rmtree(base_dir, ignore_errors=True)
        raise
    yield url
    postgres.stop(base_dir)


@pytest.fixture(scope="session")
def pg_databases(pg_server):
    """:class:`~tests.support.databases.PgDatabases` on :func:`pg_server`."""
    databases = PgDatabases(pg_server)
    yield databases
    databases.dispose()


@pytest.fixture(scope="session")
def pg_template(pg_databases):
    """The name of a database migrated to head once per session, copied by ``pg_db_url``."""
    url = pg_databases.create(prefix="tmpl")
    migrate_to_head(url)
    yield url.rsplit("/", 1)[1]
    pg_databases.drop(url)


@pytest.fixture
def pg_db_url(pg_databases, pg_template):
    """A new PostgreSQL database at the head revision, dropped after the test."""
    url = pg_databases.create(template=pg_template)
    yield url
    pg_databases.drop(url)


# --- SQLite -----------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    """A SQLite file migrated to head once per session, copied by ``sqlite_db_url``."""
    return make_sqlite_template(tmp_path_factory.mktemp("sqlite-template") / "head.db")


@pytest.fixture
def sqlite_db_url(sqlite_template, tmp_path) -> str:
    """A new SQLite file at the head revision, in the test's ``tmp_path``."""
    return copy_sqlite(sqlite_template, tmp_path / "tessera.db")


@pytest.fixture
def sqlite_engine(sqlite_db_url):
    """An engine on ``sqlite_db_url``, disposed after the test."""
    engine = make_engine(sqlite_db_url)
    yield engine
    engine.dispose()


# --- Both backends ----------------------------------------------------------------------------


@pytest.fixture(params=BACKENDS)
def db_url(request, tmp_path):
    """A new EMPTY database (no tables at all), on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        yield sqlite_url(tmp_path / "empty.db")
        return
    databases = request.getfixturevalue("pg_databases")
    url = databases.create()
    yield url
    databases.drop(url)


@pytest.fixture(params=BACKENDS)
def migrated_db_url(request):
    """A new database at the head revision, on SQLite and on PostgreSQL."""
    return request.getfixturevalue(f"{request.param}_db_url")


@pytest.fixture
def engine(migrated_db_url):
    """An engine on ``migrated_db_url``, disposed after the test."""
    engine = make_engine(migrated_db_url)
    yield engine
    engine.dispose()


# --- The app ----------------------------------------------------------------------------------


@pytest.fixture
def settings(request, tmp_path) -> Settings:
    """Test settings on a fresh migrated database.

    The database is ``migrated_db_url`` when the test uses it (directly or through
    ``engine``), so app and engine share one database on both backends; otherwise
    ``sqlite_db_url``. SMTP is off and base URL, time zone and capture limits are the
    defaults, whatever the developer's environment says.
    """
    both = "migrated_db_url" in request.fixturenames
    return Settings.from_env(
        instance_path=tmp_path / "instance",
        database_url=request.getfixturevalue("migrated_db_url" if both else "sqlite_db_url"),
        secret_key="test",
        testing=True,
        base_url="http://127.0.0.1:5000",
        timezone="Asia/Shanghai",
        smtp={},
        capture={},
    )


@pytest.fixture
def live_server(settings):
    """``create_app(settings)`` served on a free loopback port; ``.url`` and ``.app``.

    ``settings.base_url`` is set to the server's URL first, so public links and QR codes the
    app generates point at it.
    """
    from tessera.runtime.web.app import create_app

    server = LiveServer()
    try:
        settings.base_url = server.url
        server.serve(create_app(settings))
    except BaseException:
        server.stop()
        raise
    yield server
    server.stop()
    app_engine = server.app.extensions.get("tessera.engine")
    if app_engine is not None:  # before the database is dropped
        app_engine.dispose()


# --- Browser ----------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium (``/usr/bin/chromium``) for the session."""
    reason = browser_support.unavailable_reason()
    if reason:
        require_or_skip("browser", reason)
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        chromium = browser_support.launch_chromium(playwright)
    except BaseException:
        playwright.stop()
        raise
    yield chromium
    chromium.close()
    playwright.stop()


@pytest.fixture
def page(browser):
    """A page in a new browser context (1280×800, zh-CN, Asia/Shanghai), closed after."""
    context = browser.new_context(**browser_support.CONTEXT_OPTIONS)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()
