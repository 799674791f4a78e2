"""The demo app with a marketing user, an engine on its database (both backends), and a
public link for leads."""

from __future__ import annotations

import pytest

from tessera.runtime.database import make_engine
from tests.support.demo import bearer, demo_app

MARKETING = "sun.li@example.com"


@pytest.fixture
def mailroom(settings, migrated_db_url):
    app = demo_app(settings, users={MARKETING: "marketing"}, csrf=False)
    engine = make_engine(settings.database_url)
    answer = app.test_client().post(
        "/api/v1/apps/leads/links", json={"form": "lead", "source": "website"}, headers=bearer(app)
    )
    assert answer.status_code == 201, answer.get_json()
    app.slug = answer.get_json()["slug"]
    yield app, engine, settings
    engine.dispose()
