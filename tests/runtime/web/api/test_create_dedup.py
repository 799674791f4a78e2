"""Creating a record over the API or in the workspace applies the form's dedup policy, as a
public submission does: a lead already known is merged into, not entered twice, unless the
caller opts out; a rep never merges into (or sees) another rep's lead."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from tessera.runtime.tables import capture_duplicates
from tests.support.demo import bearer, demo_app, signed_in

LEADS = "/api/v1/apps/leads/forms/lead/records"
REP, OTHER = "rep@example.com", "other@example.com"


@pytest.fixture
def app(settings, migrated_db_url):
    return demo_app(settings, users={REP: "sales", OTHER: "sales"}, csrf=False)


def post(app, fields, *, as_=None, query=""):
    headers = bearer(app, as_) if as_ else bearer(app)
    return app.test_client().post(LEADS + query, json={"fields": fields}, headers=headers)


def total(app, as_=None):
    headers = bearer(app, as_) if as_ else bearer(app)
    return app.test_client().get(LEADS, headers=headers).get_json()["total"]


def test_a_known_lead_is_merged_into_and_the_answer_says_so(app):
    first = post(app, {"name": "张伟", "phone": "13800138000"})
    assert first.status_code == 201 and first.headers["Tessera-Outcome"] == "created"
    again = post(app, {"name": "张伟", "phone": "138 0013 8000", "email": "zw@star.cn"})
    assert again.status_code == 200 and again.headers["Tessera-Outcome"] == "merged"
    merged = again.get_json()
    assert merged["id"] == first.get_json()["id"]
    assert merged["fields"]["email"] == "zw@star.cn"  # an empty field filled
    assert total(app) == 1
    timeline = app.test_client().get(f"{LEADS}/{merged['id']}/timeline", headers=bearer(app))
    kinds = [entry["kind"] for entry in timeline.get_json()["entries"]]
    assert "merged" in kinds


def test_dedup_off_creates_as_sent_and_a_wrong_switch_is_refused(app):
    post(app, {"name": "张伟", "phone": "13800138000"})
    twin = post(app, {"name": "张伟", "phone": "13800138000"}, query="?dedup=off")
    assert twin.status_code == 201 and twin.headers["Tessera-Outcome"] == "created"
    assert total(app) == 2
    wrong = post(app, {"name": "张伟", "phone": "13800138000"}, query="?dedup=maybe")
    assert wrong.status_code == 400 and set(wrong.get_json()["error"]["fields"]) == {"dedup"}
    assert total(app) == 2


def test_a_rep_never_merges_into_another_reps_lead(app, settings):
    lead = {"name": "张伟", "phone": "13800138000", "title": "总经理", "owner": OTHER}
    theirs = post(app, lead, as_=OTHER)
    assert theirs.status_code == 201
    mine = post(app, {"name": "张伟", "phone": "13800138000", "owner": REP}, as_=REP)
    assert mine.status_code == 201 and mine.headers["Tessera-Outcome"] == "flagged"
    body = mine.get_json()
    assert body["id"] != theirs.get_json()["id"]
    assert body["fields"]["title"] is None  # nothing of the other lead shown
    assert total(app, REP) == 1 and total(app) == 2
    engine = sa.create_engine(settings.database_url)
    with engine.connect() as conn:
        pair = conn.execute(sa.select(capture_duplicates)).one()
    engine.dispose()
    assert (pair.record_id, pair.candidate_id) == (body["id"], theirs.get_json()["id"])


def test_the_workspace_merges_a_known_lead_and_says_so(app):
    known = post(app, {"name": "李娜", "email": "li.na@acme.cn"}).get_json()
    client = signed_in(app, "admin@example.com")
    answer = client.post(
        "/a/leads/lead/new",
        data={"name": "李娜", "email": "LI.NA@acme.cn", "company": "星辰机床"},
        headers={"Accept-Language": "en"},
    )
    assert answer.status_code == 303
    assert answer.headers["Location"].endswith(f"/a/leads/lead/{known['id']}")
    page = client.get(answer.headers["Location"], headers={"Accept-Language": "en"})
    assert "This record was already known" in page.get_data(as_text=True)
    assert total(app) == 1
    lead = app.test_client().get(f"{LEADS}/{known['id']}", headers=bearer(app)).get_json()
    assert lead["fields"]["company"] == "星辰机床"
