"""POST /api/v1/events and GET …/records/<id>/score over HTTP, on both databases."""

import pytest

from tessera.builder import load_template
from tessera.runtime import publishing
from tessera.runtime.auth.tokens import create_token
from tessera.runtime.auth.users import create_user
from tessera.runtime.database import make_engine
from tessera.runtime.web.app import create_app

LEADS = "/api/v1/apps/leads/forms/lead/records"


@pytest.fixture
def api(settings, migrated_db_url):
    engine = make_engine(settings.database_url)
    with engine.begin() as conn:
        admin = create_user(conn, email="admin@example.com", password="secret-pass", role="admin")
        token = create_token(conn, admin.id)
        publishing.create_app(conn, load_template("leads"))
        publishing.publish(conn, "leads")
    engine.dispose()
    client = create_app(settings).test_client()
    client.auth = {"Authorization": f"Bearer {token}", "Accept-Language": "en"}
    return client


def test_events_rescore_a_lead_found_by_email_and_the_score_explains_itself(api):
    created = api.post(
        LEADS,
        json={
            "fields": {
                "name": "张伟",
                "title": "销售总监",
                "company_size": 800,
                "industry": "制造业",
                "email": "zw@acme-machinery.com",
            }
        },
        headers=api.auth,
    )
    lead = created.get_json()
    assert lead["fields"]["score"] == 50 and lead["fields"]["grade"] == "C"
    answer = api.post(
        "/api/v1/events",
        json={
            "app": "leads",
            "form": "lead",
            "match": {"email": "ZW@acme-machinery.com"},
            "type": "page_view",
            "props": {"page": "pricing"},
        },
        headers=api.auth,
    )
    assert answer.status_code == 201
    assert answer.get_json()["score"] == 65 and answer.get_json()["record_id"] == lead["id"]
    api.post(
        "/api/v1/events",
        json={
            "app": "leads",
            "form": "lead",
            "record_id": lead["id"],
            "type": "webinar_attended",
            "occurred_at": "2026-11-20T10:00:00+08:00",
        },
        headers=api.auth,
    )
    score = api.get(f"{LEADS}/{lead['id']}/score", headers=api.auth).get_json()
    assert score["score"] == 80 and score["grade"] == "B" and score["sales_ready"] is True
    assert [r["key"] for r in score["rules"]] == [
        "title_director",
        "company_size_over_500",
        "target_industry",
        "company_email",
        "viewed_pricing",
        "attended_webinar",
    ]
    timeline = api.get(f"{LEADS}/{lead['id']}/timeline", headers=api.auth)
    assert timeline.status_code == 200


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"app": "leads", "form": "lead", "type": "page_view"}, 400, "match"),
        ({"app": "leads", "form": "lead", "record_id": 999, "type": "page_view"}, 404, "record_id"),
        (
            {"app": "leads", "form": "lead", "match": {"email": "nobody@x.com"}, "type": "x"},
            404,
            "match",
        ),
        ({"app": "leads", "form": "lead", "record_id": "1", "type": "x"}, 400, "record_id"),
        ({"app": "leads", "form": "lead", "type": ""}, 400, "type"),
    ],
)
def test_bad_events_are_refused_with_the_member_named(api, body, status, field):
    answer = api.post("/api/v1/events", json=body, headers=api.auth)
    assert answer.status_code == status
    assert field in answer.get_json()["error"]["fields"]


def test_events_need_a_token(api):
    assert api.post("/api/v1/events", json={}).status_code == 401
