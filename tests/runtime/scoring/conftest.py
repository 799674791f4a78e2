"""A published lead-management app and a helper to create leads, on both databases."""

import datetime as dt

import pytest

from tessera.builder import load_template
from tessera.runtime import clock, publishing
from tessera.runtime.catalog import AppCatalog
from tessera.runtime.forms.values import clean_values
from tessera.runtime.lookups import widget_context
from tessera.runtime.store import RecordStore

T0 = dt.datetime(2026, 11, 2, 2, 0, tzinfo=dt.UTC)


@pytest.fixture
def leads(engine):
    """``(engine, catalog)`` with the leads template published."""
    with clock.frozen_at(T0), engine.begin() as conn:
        publishing.create_app(conn, load_template("leads"))
        publishing.publish(conn, "leads")
    return engine, AppCatalog()


def create_lead(conn, catalog, **raw) -> int:
    """Create a lead through the store (hooks run), from raw input values."""
    app = catalog.get(conn, "leads")
    form = app.form("lead")
    ctx = widget_context(conn, app, locale="en", timezone="Asia/Shanghai")
    return RecordStore(conn, form).create(clean_values(form, raw, ctx))
