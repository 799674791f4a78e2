"""The link-field picker's search (``GET /a/<app>/<form>/pick?q=``) on SQLite and PostgreSQL:
what it finds, in which order, within whose scope, and the form it comes with."""

from __future__ import annotations

import re

import pytest

from tests.support.demo import bearer, create_record, demo_app, signed_in

REP, OTHER, BOSS = "rep@example.com", "other@example.com", "boss@example.com"


@pytest.fixture
def office(settings, migrated_db_url):  # both databases (settings uses this URL)
    """Leads of two reps and of the pool; ``office.login(email)`` → a signed-in client."""
    app = demo_app(settings, users={REP: "sales", OTHER: "sales", BOSS: "manager"}, csrf=False)
    api = app.test_client()

    def made(fields, form="lead"):
        return create_record(app, form, fields)

    def login(email):
        return signed_in(app, email)

    api.made, api.login, api.app_ = made, login, app
    api.ids = {
        "mine": made({"name": "张伟", "company": "杭州星辰智能制造有限公司", "owner": REP}),
        "theirs": made({"name": "张伟强", "company": "杭州星辰教育科技", "owner": OTHER}),
        "pool": made({"name": "李娜", "company": "宁波星辰", "phone": "13800138000"}),
    }
    return api


def pick(client, q, form="lead"):
    response = client.get(f"/a/leads/{form}/pick", query_string={"q": q})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "private, no-store"
    return response.get_json()["records"]


def test_a_rep_finds_only_the_leads_in_their_scope(office):
    rep = office.login(REP)
    found = pick(rep, "星辰")
    assert [r["id"] for r in found] == [office.ids["pool"], office.ids["mine"]]  # newest first
    assert all(r["id"] != office.ids["theirs"] for r in pick(rep, "张伟强") + pick(rep, ""))
    boss_found = {r["id"] for r in pick(office.login(BOSS), "星辰")}
    assert boss_found == set(office.ids.values())


def test_results_carry_the_title_and_the_other_search_fields(office):
    [found] = pick(office.login(BOSS), "13800138")
    assert found == {
        "id": office.ids["pool"],
        "title": "李娜",
        "detail": "宁波星辰 · 138 0013 8000",
    }


@pytest.mark.parametrize(
    ("q", "names"),
    [
        ("张伟", {"张伟", "张伟强"}),  # two characters: too short for trigrams, same answer
        ("杭州星辰智能", {"张伟"}),  # the company, not the title
        ("ZHANG", set()),
        ("%", set()),  # LIKE wildcards are text here
        ("星辰_", set()),
        ('"星辰', set()),
        ("  李娜  ", {"李娜"}),
    ],
)
def test_search_means_contains_in_the_title_and_list_text(office, q, names):
    assert {r["title"] for r in pick(office.login(BOSS), q)} == names


def test_at_most_twenty_records_newest_first(office):
    ids = [office.made({"name": f"批量线索{i:02d}"}) for i in range(25)]
    found = [r["id"] for r in pick(office.login(BOSS), "批量线索")]
    assert found == sorted(ids, reverse=True)[:20]


def test_searches_follow_edits_and_deletes(office):
    boss = office.login(BOSS)
    record = f"/api/v1/apps/leads/forms/lead/records/{office.ids['mine']}"
    office.patch(record, json={"fields": {"name": "王芳芳"}}, headers=bearer(office.app_))
    assert [r["id"] for r in pick(boss, "王芳芳")] == [office.ids["mine"]]
    assert [r["title"] for r in pick(boss, "张伟")] == ["张伟强"]
    assert office.delete(record, headers=bearer(office.app_)).status_code in (200, 204)
    assert pick(boss, "王芳芳") == []


def test_signed_out_or_unknown_forms_answer_json_errors(office):
    response = office.get("/a/leads/lead/pick?q=x")
    assert response.status_code == 401 and response.get_json()["error"]["code"] == "unauthorized"
    missing = office.login(BOSS).get("/a/leads/nothing/pick?q=x")
    assert missing.status_code == 404 and missing.get_json()["error"]["code"] == "not_found"


def test_the_link_field_comes_as_a_select_of_recent_records_that_the_picker_enhances(office):
    lead = office.ids["pool"]
    followup = office.made({"lead": lead, "content": "电话沟通"}, form="followup")
    html = office.login(REP).get(f"/a/leads/followup/{followup}/edit").get_data(as_text=True)
    select = re.search(r'<select[^>]*name="lead".*?</select>', html, re.S).group(0)
    assert 'data-picker="/a/leads/lead/pick"' in select
    assert 'data-picker-title="李娜"' in select
    assert f'<option selected value="{lead}">李娜 (#{lead})</option>' in select
    assert "张伟强" not in select  # the fallback list is scoped too
    assert "js/link_picker.js" in html
