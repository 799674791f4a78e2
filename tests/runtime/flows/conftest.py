"""The demo app with an admin token, and an engine on its database (both backends)."""

from __future__ import annotations

import pytest

from tessera.runtime.database import make_engine
from tests.support.demo import demo_app


@pytest.fixture
def office(settings, migrated_db_url):
    app = demo_app(settings, csrf=False)
    engine = make_engine(settings.database_url)
    yield app, engine
    engine.dispose()
