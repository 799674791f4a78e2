"""Regular expressions over the API (issue 9, item 2): a list filter refuses ``matches`` as
docs/api.md says, and a pathological pattern in a visibility condition or a scoring rule
answers at once (RE2), on SQLite and PostgreSQL."""

import json

import pytest

from tessera.builder import load_template
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
    why = next(f for f in contact_fields(crm) if f["key"] == "why")
    why["visible_if"] = {"field": "name", "op": "matches", "value": "(a+)+$"}
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


def test_a_pathological_visibility_pattern_answers_at_once(api):
    with deadline(5):
        hidden = api.post(
            CONTACTS, json={"fields": {"name": HOSTILE, "why": "x"}}, headers=api.auth
        )
        shown = api.post(
            CONTACTS, json={"fields": {"name": "baaa", "why": "价格"}}, headers=api.auth
        )
        required = api.post(CONTACTS, json={"fields": {"name": "caaa"}}, headers=api.auth)
    assert hidden.status_code == 201 and hidden.get_json()["fields"]["why"] is None
    assert shown.status_code == 201 and shown.get_json()["fields"]["why"] == "价格"
    assert required.status_code == 422 and "why" in required.get_json()["error"]["fields"]


def test_a_pathological_scoring_pattern_answers_at_once(api):
    with deadline(5):
        hostile = api.post(LEADS, json={"fields": {"name": HOSTILE}}, headers=api.auth)
        robot = api.post(LEADS, json={"fields": {"name": "aaaa"}}, headers=api.auth)
    assert hostile.status_code == 201 and robot.status_code == 201
    assert hostile.get_json()["fields"]["score"] == 0
    assert robot.get_json()["fields"]["score"] == 7
