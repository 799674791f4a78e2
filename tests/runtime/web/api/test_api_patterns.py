"""Regular expressions over the API (issue 9, item 2): a list filter refuses ``matches`` as
docs/api.md says, a pathological pattern in a scoring rule answers at once (RE2), on SQLite
and PostgreSQL; a visibility condition never carries one (the page would run it with a
backtracking engine), so publish refuses it."""

import json

import pytest

from tessera.builder import InvalidDocument, load_template
from tessera.runtime import publishing
from tessera.runtime.auth.tokens import create_token
from tessera.runtime.auth.users import create_user
from tessera.runtime.database import make_engine
from tessera.runtime.web.app import create_app
from tests.runtime.sample_app import contact_fields, sample_app
from tests.support.deadline import deadline

HOSTILE = "a" * 27 + "!"  # (a+)+$ against it held the SQLite server 11 s (issue 9)
CONTACTS = "/api/v1/apps/crm/forms/contact/records"
LEADS = "/api/v1/apps/leads/forms/lead/records"


@pytest.fixture
def api(settings, migrated_db_url):
    crm = sample_app()
    leads = load_template("leads")
    leads["scoring"]["lead"]["rules"].append(
        {
            "key": "robot_name",
            "label": {"zh-CN": "机器人名字", "en": "Robot name"},
            "when": {"field": "name", "op": "matches", "value": "(a+)+$"},
            "points": 7,
        }
    )
    engine = make_engine(settings.database_url)
    with engine.begin() as conn:
        rep = create_user(conn, email="rep@example.com", password="secret-pass", role="sales")
        token = create_token(conn, rep.id)
        for doc in (crm, leads):
            publishing.create_app(conn, doc)
            publishing.publish(conn, doc["key"])
    engine.dispose()
    client = create_app(settings).test_client()
    client.auth = {"Authorization": f"Bearer {token}", "Accept-Language": "en"}
    return client


@pytest.mark.parametrize(
    "condition",
    [
        {"field": "name", "op": "matches", "value": "(a+)+$"},
        {
            "any": [
                {"field": "size", "op": "gt", "value": 1},
                {"not": {"field": "name", "op": "matches", "value": "^a"}},
            ]
        },
    ],
)
def test_a_list_filter_refuses_matches_naming_the_filter(api, condition):
    api.post(CONTACTS, json={"fields": {"name": HOSTILE}}, headers=api.auth)
    with deadline(5):
        response = api.get(
            CONTACTS, query_string={"filter": json.dumps(condition)}, headers=api.auth
        )
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert "'matches' cannot be used in a list filter" in error["fields"]["filter"]
    assert error["message"].startswith("bad filter:")


def test_a_visibility_condition_with_a_pattern_is_refused_at_publish(settings):
    crm = sample_app()
    why = next(f for f in contact_fields(crm) if f["key"] == "why")
    why["visible_if"] = {"field": "name", "op": "matches", "value": "(a+)+$"}
    engine = make_engine(settings.database_url)
    try:
        with engine.begin() as conn:
            publishing.create_app(conn, sample_app())
            publishing.save_draft(conn, "crm", crm, expected_revision=1)
            with pytest.raises(InvalidDocument) as refused:
                publishing.publish(conn, "crm")
    finally:
        engine.dispose()
    (error,) = refused.value.errors
    assert error.path.endswith("/visible_if/op") and error.code == "not_in_page"
    assert "matches" in error.message and error.message_zh


def test_a_pathological_scoring_pattern_answers_at_once(api):
    with deadline(5):
        hostile = api.post(LEADS, json={"fields": {"name": HOSTILE}}, headers=api.auth)
        robot = api.post(LEADS, json={"fields": {"name": "aaaa"}}, headers=api.auth)
    assert hostile.status_code == 201 and robot.status_code == 201
    assert hostile.get_json()["fields"]["score"] == 0
    assert robot.get_json()["fields"]["score"] == 7
