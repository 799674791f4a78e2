"""Fixtures for the browser tests: one live server per test module, with the demo app.

- ``live_server`` (module) — overrides the suite's function-scoped one: a fresh migrated
  SQLite database (copied from the session's template), ``initialize(demo=True)`` with a known
  admin run on it *before* the app is built, then ``create_app`` on a loopback port. The app
  ``leads`` (线索管理) and the admin are there from the first request. Tests of one module
  share it, so they give their records unique names and count rows before and after rather
  than expecting an empty table;
- ``db_engine`` (module) — an engine of our own on that database, to check what was stored;
  ``lead_table`` — the lead form's physical table, reflected;
- ``api_token`` — a REST API token of the admin;
- ``admin_cookies`` (module) — the session cookie of the admin, signed in once through the
  login form; ``signed_in_page`` — the suite's ``page`` (a new context per test) with them.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from tessera.runtime.auth.tokens import create_token
from tessera.runtime.auth.users import find_user
from tessera.runtime.config import Settings
from tessera.runtime.database import make_engine
from tessera.runtime.setup import initialize
from tessera.runtime.store.naming import table_name_for
from tests.browser.pages import ADMIN_EMAIL, ADMIN_PASSWORD, sign_in
from tests.support import browser as browser_support
from tests.support.databases import copy_sqlite
from tests.support.live_server import LiveServer


@pytest.fixture(scope="module")
def live_server(sqlite_template, tmp_path_factory):
    """The demo app served on a free loopback port for this module; ``.url`` and ``.app``."""
    from tessera.runtime.web.app import create_app

    tmp = tmp_path_factory.mktemp("browser")
    settings = Settings.from_env(
        instance_path=tmp / "instance",
        database_url=copy_sqlite(sqlite_template, tmp / "tessera.db"),
        secret_key="test",
        testing=True,
        timezone="Asia/Shanghai",
        smtp={},
    )
    engine = make_engine(settings.database_url)
    try:
        initialize(engine, demo=True, admin_email=ADMIN_EMAIL, admin_password=ADMIN_PASSWORD)
    finally:
        engine.dispose()
    server = LiveServer()
    try:
        settings.base_url = server.url
        server.serve(create_app(settings))
    except BaseException:
        server.stop()
        raise
    yield server
    server.stop()
    server.app.extensions["tessera.engine"].dispose()


@pytest.fixture(scope="module")
def db_engine(live_server):
    """An engine on the live server's database (not the app's own), disposed after."""
    engine = make_engine(live_server.app.extensions["tessera.settings"].database_url)
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def lead_table(db_engine) -> sa.Table:
    """The physical table of form ``lead`` of app ``leads``, reflected."""
    return sa.Table(table_name_for("leads", "lead"), sa.MetaData(), autoload_with=db_engine)


@pytest.fixture
def api_token(db_engine) -> str:
    """A new API token of the admin."""
    with db_engine.begin() as conn:
        return create_token(conn, find_user(conn, ADMIN_EMAIL).id, name="browser tests")


@pytest.fixture(scope="module")
def admin_cookies(browser, live_server) -> list[dict]:
    """The cookies of a browser that signed in as the admin through the login form."""
    context = browser.new_context(**browser_support.CONTEXT_OPTIONS)
    try:
        sign_in(context.new_page(), live_server.url)
        return context.cookies()
    finally:
        context.close()


@pytest.fixture
def signed_in_page(page, admin_cookies):
    """``page`` signed in as the admin (its own context: language choice and sign-out stay in
    this test). No page is loaded yet."""
    page.context.add_cookies(admin_cookies)
    return page
