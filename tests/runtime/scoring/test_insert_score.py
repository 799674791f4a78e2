"""A new record gets its first score and grade in its INSERT (the before-insert hook): no
second UPDATE, no extra «scored» entry, and the same score the per-record path gives."""

from __future__ import annotations

import sqlalchemy as sa

from tessera.runtime.scoring.engine import explain_record
from tessera.runtime.store import RecordStore
from tests.runtime.scoring.conftest import create_lead
from tests.runtime.web.api.test_api_events import LEADS, api  # noqa: F401  (fixture)

DIRECTOR = {
    "name": "张伟",
    "title": "销售总监",
    "company_size": 800,
    "industry": "制造业",
    "email": "zw@acme-machinery.com",
}


def test_a_lead_created_through_the_api_is_scored_in_its_insert(api):  # noqa: F811
    lead = api.post(LEADS, json={"fields": DIRECTOR}, headers=api.auth).get_json()
    assert (lead["fields"]["score"], lead["fields"]["grade"]) == (50, "C")
    timeline = api.get(f"{LEADS}/{lead['id']}/timeline", headers=api.auth).get_json()
    assert [e["kind"] for e in timeline["entries"]] == ["created"]
    score = api.get(f"{LEADS}/{lead['id']}/score", headers=api.auth).get_json()
    assert (score["score"], score["grade"]) == (50, "C")


def test_create_writes_the_record_once_and_later_changes_still_rescore(leads):
    engine, catalog = leads
    writes = []

    def remember(conn, cursor, statement, parameters, context, executemany):
        if "r_leads__lead" in statement and not statement.lstrip().upper().startswith("SELECT"):
            writes.append(statement.split()[0].upper())

    with engine.begin() as conn:
        sa.event.listen(conn, "before_cursor_execute", remember)
        record_id = create_lead(conn, catalog, **DIRECTOR)
        sa.event.remove(conn, "before_cursor_execute", remember)
        form = catalog.get(conn, "leads").form("lead")
        store = RecordStore(conn, form)
        assert writes == ["INSERT"]
        stored = store.get(record_id).values
        expected = explain_record(conn, form, record_id)
        assert (stored["score"], stored["grade"]) == (expected.score, expected.grade) == (50, "C")
        store.update(record_id, {"company_size": 100})
        assert store.get(record_id).values["score"] == 35
        kinds = [e["kind"] for e in store.timeline(record_id)]
        assert sorted(kinds) == ["created", "scored", "updated"]


def test_create_many_inserts_in_order_scores_each_and_logs_each(leads):
    engine, catalog = leads
    with engine.begin() as conn:
        form = catalog.get(conn, "leads").form("lead")
        store = RecordStore(conn, form)
        ids = store.create_many(
            [{"name": "甲", "title": "经理"}, {"name": "乙"}, {"name": "丙", "company_size": 900}],
            payloads=[{"via": "import"}] * 3,
        )
        assert ids == sorted(ids) and len(set(ids)) == 3
        records = [store.get(i).values for i in ids]
        assert [r["name"] for r in records] == ["甲", "乙", "丙"]
        for record_id, record in zip(ids, records, strict=True):
            assert record["score"] == explain_record(conn, form, record_id).score
            assert [(e["kind"], e["payload"]) for e in store.timeline(record_id)] == [
                ("created", {"via": "import"})
            ]
