"""Fixtures for the browser tests: a live server with the lead-management demo app installed.

- ``settings`` — the suite's ``settings`` (a fresh migrated SQLite file per test), with
  ``initialize(demo=True)`` run on its database *before* ``live_server`` builds the app, so
  the app ``leads`` (线索管理) and an admin with a known password are there from the start;
- ``lead_table`` — the lead form's record table, reflected from that database, and
  ``db_engine`` — an engine on it, to check what was really stored;
- ``api_token`` — a REST API token of the admin;
- ``signed_in_page`` — ``page`` signed in as the admin, on the workspace home.

Each test gets its own database and server (they are cheap: about 0.3 s), so tests can count
rows without seeing each other's.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from tessera.runtime.auth.tokens import create_token
from tessera.runtime.auth.users import find_user
from tessera.runtime.database import make_engine
from tessera.runtime.setup import initialize
from tessera.runtime.store.naming import table_name_for
from tests.browser.pages import ADMIN_EMAIL, ADMIN_PASSWORD, sign_in


@pytest.fixture
def settings(settings):
    """The suite's settings, their database initialized with the demo app and the admin."""
    engine = make_engine(settings.database_url)
    try:
        initialize(engine, demo=True, admin_email=ADMIN_EMAIL, admin_password=ADMIN_PASSWORD)
    finally:
        engine.dispose()
    return settings


@pytest.fixture
def db_engine(live_server):
    """An engine on the live server's database (not the app's own), disposed after."""
    engine = make_engine(live_server.app.extensions["tessera.settings"].database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def lead_table(db_engine) -> sa.Table:
    """The physical table of form ``lead`` of app ``leads``, reflected."""
    return sa.Table(table_name_for("leads", "lead"), sa.MetaData(), autoload_with=db_engine)


@pytest.fixture
def api_token(db_engine) -> str:
    """A new API token of the admin."""
    with db_engine.begin() as conn:
        return create_token(conn, find_user(conn, ADMIN_EMAIL).id, name="browser tests")


@pytest.fixture
def signed_in_page(page, live_server):
    """``page``, signed in as the admin through the login form."""
    sign_in(page, live_server.url)
    return page
