"""The one record writer: every timeline row, every ``updated_at`` change and every write event
comes from the store's writer, whichever way the write came (API, public form, import, event,
rescoring by time, merge, delete and restore, a page visit). The test spies on the writer's
two outlets (the timeline writer and the write bus) and compares them with the database."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import time

import pytest
import sqlalchemy as sa

from tessera.runtime import clock
from tessera.runtime.capture.tracking import VisitTarget, record_visit
from tessera.runtime.scoring.decay import run_score_decay
from tessera.runtime.store import RecordStore, timeline
from tessera.runtime.store.write_events import (
    RecordChanged,
    RecordCreated,
    RecordDeleted,
    RecordRestored,
)
from tessera.runtime.tables import activities
from tessera.runtime.wiring import standard_bus
from tests.runtime.conftest import csrf, sign_in

START = dt.datetime(2026, 11, 2, 2, 0, tzinfo=dt.UTC)
LEADS = "/api/v1/apps/leads/forms/lead/records"
ROW_WRITES = (RecordCreated, RecordChanged, RecordDeleted, RecordRestored)


@pytest.fixture
def outlets(monkeypatch):
    """What went through the writer: timeline entries and published events."""
    seen = {"entries": 0, "events": []}
    write, bus = timeline.write, standard_bus()
    publish = bus.publish

    def counting_write(conn, form, entries):
        seen["entries"] += len(entries)
        write(conn, form, entries)

    def remembering_publish(event):
        seen["events"].append(event)
        publish(event)

    monkeypatch.setattr(timeline, "write", counting_write)
    monkeypatch.setattr(bus, "publish", remembering_publish)
    return seen


def _snapshot(app):
    table = app.form().table
    with app.engine.connect() as conn:
        stamps = {
            r.id: (r.updated_at, r.revision)
            for r in conn.execute(sa.select(table.c.id, table.c.updated_at, table.c.revision))
        }
        logged = conn.execute(sa.select(sa.func.count()).select_from(activities)).scalar_one()
    return stamps, logged


@pytest.fixture
def write(leads, outlets):
    """``with write("name", at) as kinds:`` runs a step at instant ``at`` and checks that
    the rows it wrote and the timeline rows it added are the writer's; ``kinds`` gets the
    names of the lead events it published."""

    @contextlib.contextmanager
    def step(name, at):
        before, logged = _snapshot(leads)
        outlets["events"].clear()
        entries = outlets["entries"]
        kinds = set()
        with clock.frozen_at(at):
            yield kinds
        after, logged_after = _snapshot(leads)
        touched = {rid for rid, stamp in after.items() if before.get(rid) != stamp}
        published = [e for e in outlets["events"] if e.form.key == "lead"]
        written = {e.record_id for e in published if isinstance(e, ROW_WRITES)}
        assert touched == written, f"{name}: rows written outside the writer"
        assert logged_after - logged == outlets["entries"] - entries, f"{name}: stray timeline"
        kinds.update(type(e).__name__ for e in published)

    return step


def test_every_write_goes_through_the_one_writer(leads, write):
    def api(method, url, **body):
        response = leads.client.open(url, method=method, json=body, headers=leads.auth)
        assert response.status_code < 300, response.get_json()
        return response.get_json()

    def at(days=0, minutes=0):
        return START + dt.timedelta(days=days, minutes=minutes)

    with write("create", at(minutes=1)) as kinds:
        fields = {"name": "张伟", "phone": "13800138000", "company": "星辰机床"}
        lead = api("POST", LEADS, fields=fields)
    assert kinds == {"RecordCreated"}
    with write("update", at(minutes=2)) as kinds:
        api("PATCH", f"{LEADS}/{lead['id']}", fields={"title": "采购总监"})
    assert kinds == {"RecordChanged"}
    link = leads.link()
    with write("public merge", at(minutes=3)) as kinds:
        body = {"name": "张伟", "phone": "138 0013 8000", "email": "zw@star.cn"}
        assert leads.client.post(f"/f/{link['slug']}", json=body).status_code == 201
    assert {"RecordMerged", "RecordChanged"} <= kinds
    with write("event", at(minutes=4)) as kinds:
        event = {"app": "leads", "form": "lead", "type": "webinar_attended"}
        api("POST", "/api/v1/events", record_id=lead["id"], **event)
    assert kinds == {"EventReceived", "RecordChanged"}  # the rescore
    with write("import", at(minutes=5)) as kinds:
        _import(leads, "姓名,Mobile phone,email\n李娜,13900000001,ln@a.cn\n张伟,13800138000,\n")
    assert {"RecordCreated", "RecordMerged"} <= kinds
    with write("decay", at(days=40)) as kinds, leads.engine.begin() as conn:
        run_score_decay(conn)
    assert kinds == {"RecordChanged"}  # 30 days without interaction: −10
    with write("visit", at(days=40, minutes=1)) as kinds, leads.engine.begin() as conn:
        target = VisitTarget(lead["id"], scores=False)
        record_visit(conn, leads.form(), target, page="pricing", url="https://x.cn/p")
    assert kinds == set()
    with write("delete", at(days=41)) as kinds:
        api("DELETE", f"{LEADS}/{lead['id']}")
    assert kinds == {"RecordDeleted"}
    with write("restore", at(days=42)) as kinds, leads.engine.begin() as conn:
        RecordStore(conn, leads.form()).restore(lead["id"])
    assert kinds == {"RecordRestored"}


def _import(leads, text: str) -> None:
    sign_in(leads.client)
    token = csrf(leads.client, "/a/leads/capture/import")
    upload = {"csrf_token": token, "form": "lead", "file": (io.BytesIO(text.encode()), "a.csv")}
    job_url = leads.client.post("/a/leads/capture/import", data=upload).headers["Location"]
    mapping = {"map_0": "name", "map_1": "phone", "map_2": "email", "action": "start"}
    assert leads.client.post(job_url, data={"csrf_token": token, **mapping}).status_code == 303
    deadline = time.monotonic() + 60
    while 'data-status="done"' not in leads.client.get(job_url + "/progress").get_data(True):
        assert time.monotonic() < deadline, "the import did not finish"
        time.sleep(0.1)
