"""API tokens: authenticating reads only; the «last used» time is recorded after the request,
at most once per grain (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from tessera.runtime import clock
from tessera.runtime.auth.tokens import LAST_USE_GRAIN
from tessera.runtime.database import make_engine
from tessera.runtime.tables import api_tokens
from tests.support.demo import bearer, demo_app

APPS = "/api/v1/apps"
T0 = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)


def _last_used(engine) -> dt.datetime | None:
    with engine.connect() as conn:
        stamp = conn.execute(sa.select(api_tokens.c.last_used_at)).scalar_one()
    return None if stamp is None else stamp.replace(tzinfo=stamp.tzinfo or dt.UTC)


def test_last_use_is_recorded_once_per_grain(settings, migrated_db_url):
    app = demo_app(settings)
    client = app.test_client()
    engine = make_engine(settings.database_url)
    try:
        assert _last_used(engine) is None
        with clock.frozen_at(T0):
            assert client.get(APPS, headers=bearer(app)).status_code == 200
        assert _last_used(engine) == T0
        with clock.frozen_at(T0 + LAST_USE_GRAIN / 2):
            assert client.get(APPS, headers=bearer(app)).status_code == 200
        assert _last_used(engine) == T0  # within the grain: no write at all
        later = T0 + LAST_USE_GRAIN + dt.timedelta(seconds=1)
        with clock.frozen_at(later):
            assert client.get(APPS, headers=bearer(app)).status_code == 200
        assert _last_used(engine) == later
    finally:
        engine.dispose()
        app.extensions["tessera.engine"].dispose()
