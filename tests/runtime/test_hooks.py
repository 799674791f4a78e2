"""After-write hooks run in the writer's transaction, once per real change."""

import pytest

from tessera.runtime import publishing
from tessera.runtime.catalog import AppCatalog
from tessera.runtime.store import RecordStore, hooks
from tests.runtime.sample_app import sample_app


@pytest.fixture
def seen(sqlite_engine):
    events = []

    def remember(event):
        events.append((event.kind, event.record_id, dict(event.changes), event.form.app.key))

    hooks.register_after_write(remember)
    yield events
    hooks._hooks.remove(remember)


def test_hooks_see_creates_and_real_updates_only(sqlite_engine, seen):
    with sqlite_engine.begin() as conn:
        publishing.create_app(conn, sample_app())
        publishing.publish(conn, "crm")
        store = RecordStore(conn, AppCatalog().get(conn, "crm").form("contact"))
        rid = store.create({"name": "A"})
        store.update(rid, {"name": "A"})
        store.update(rid, {"name": "B"})
    assert seen == [
        ("created", rid, {"name": [None, "A"]}, "crm"),
        ("updated", rid, {"name": ["A", "B"]}, "crm"),
    ]
