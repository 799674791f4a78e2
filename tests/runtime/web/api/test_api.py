"""The REST API of CONTRACT.md over a real app and database (SQLite and PostgreSQL)."""

import json

import pytest

from tessera.runtime import publishing
from tessera.runtime.auth.tokens import create_token
from tessera.runtime.auth.users import create_user
from tessera.runtime.database import make_engine
from tessera.runtime.web.app import create_app
from tests.runtime.sample_app import sample_app

BASE = "/api/v1/apps/crm/forms/contact/records"


@pytest.fixture
def api(settings, migrated_db_url):
    engine = make_engine(settings.database_url)
    with engine.begin() as conn:
        admin = create_user(conn, email="admin@example.com", password="secret-pass", role="admin")
        sales = create_user(conn, email="rep@example.com", password="secret-pass", role="sales")
        tokens = {"admin": create_token(conn, admin.id), "sales": create_token(conn, sales.id)}
        publishing.create_app(conn, sample_app())
        publishing.publish(conn, "crm")
    engine.dispose()
    app = create_app(settings)
    client = app.test_client()
    client.tokens = tokens
    client.auth = {"Authorization": f"Bearer {tokens['admin']}", "Accept-Language": "en"}
    return client


def test_create_then_read_a_record(api):
    created = api.post(
        BASE,
        json={"fields": {"name": "张三", "phone": "138 0013 8000", "size": 800}},
        headers=api.auth,
    )
    assert created.status_code == 201
    body = created.get_json()
    assert body["fields"]["phone"] == "+8613800138000"
    assert set(body) == {"id", "revision", "created_at", "updated_at", "fields"}
    got = api.get(f"{BASE}/{body['id']}", headers=api.auth).get_json()
    assert got["fields"]["name"] == "张三"
    assert got["fields"]["size"] == 800


def test_invalid_fields_give_422_naming_each_field_and_store_nothing(api):
    response = api.post(
        BASE, json={"fields": {"name": "", "phone": "not a phone"}}, headers=api.auth
    )
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "invalid"
    assert set(error["fields"]) == {"name", "phone"}
    assert api.get(BASE, headers=api.auth).get_json()["total"] == 0


@pytest.mark.parametrize(
    "body", [[1, 2], {"fields": "x"}, {"fields": {"size": {"$gt": 1}}}, {"fields": {"name": ["a"]}}]
)
def test_wrong_types_are_refused(api, body):
    response = api.post(BASE, json=body, headers=api.auth)
    assert 400 <= response.status_code < 500
    assert response.get_json()["error"]["message"]
    assert api.get(BASE, headers=api.auth).get_json()["total"] == 0


def test_no_token_is_401(api):
    response = api.get(BASE)
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthorized"
    assert api.get(BASE, headers={"Authorization": "Bearer tsr_wrong"}).status_code == 401


def test_list_filter_sort_and_pages(api):
    for name, size in [("a", 10), ("b", 600), ("c", 900)]:
        api.post(BASE, json={"fields": {"name": name, "size": size}}, headers=api.auth)
    flt = json.dumps({"field": "size", "op": "gt", "value": 500})
    body = api.get(BASE, query_string={"filter": flt, "sort": "-size"}, headers=api.auth).get_json()
    assert [r["fields"]["name"] for r in body["records"]] == ["c", "b"]
    assert body["total"] == 2
    page = api.get(
        BASE, query_string={"per_page": 1, "page": 2, "sort": "name"}, headers=api.auth
    ).get_json()
    assert [r["fields"]["name"] for r in page["records"]] == ["b"]
    assert page["total"] == 3
    bad = api.get(
        BASE,
        query_string={"filter": json.dumps({"field": "nope", "op": "eq", "value": 1})},
        headers=api.auth,
    )
    assert bad.status_code == 400


def test_patch_changes_only_given_fields_and_logs_the_timeline(api):
    rid = api.post(BASE, json={"fields": {"name": "A", "size": 1}}, headers=api.auth).get_json()[
        "id"
    ]
    patched = api.patch(f"{BASE}/{rid}", json={"fields": {"size": 2}}, headers=api.auth)
    assert patched.status_code == 200
    assert patched.get_json()["fields"] == {**patched.get_json()["fields"], "name": "A", "size": 2}
    entries = api.get(f"{BASE}/{rid}/timeline", headers=api.auth).get_json()["entries"]
    assert [e["kind"] for e in entries] == ["updated", "created"]
    assert entries[0]["payload"]["changes"] == {"size": [1, 2]}
    assert all(e["created_at"].endswith("+00:00") for e in entries), "instants carry their offset"


def test_delete_hides_the_record(api):
    rid = api.post(BASE, json={"fields": {"name": "A"}}, headers=api.auth).get_json()["id"]
    assert api.delete(f"{BASE}/{rid}", headers=api.auth).status_code == 204
    assert api.get(f"{BASE}/{rid}", headers=api.auth).status_code == 404


def test_apps_endpoints(api):
    apps = api.get("/api/v1/apps", headers=api.auth).get_json()["apps"]
    assert [(a["key"], a["forms"]) for a in apps] == [("crm", ["contact", "note"])]
    app = api.get("/api/v1/apps/crm", headers=api.auth).get_json()
    assert app["document"]["key"] == "crm" and app["version"] == 1
    assert api.get("/api/v1/apps/nope", headers=api.auth).status_code == 404


def test_only_designers_may_publish(api):
    sales = {"Authorization": f"Bearer {api.tokens['sales']}"}
    assert api.post("/api/v1/apps/crm/publish", json={}, headers=sales).status_code == 403
    draft = api.get("/api/v1/apps/crm/draft", headers=api.auth).get_json()
    draft["document"]["label"] = {**draft["document"]["label"], "en": "CRM, relabelled"}
    saved = api.put("/api/v1/apps/crm/draft", json=draft, headers=api.auth)
    assert saved.status_code == 200
    stale = api.put("/api/v1/apps/crm/draft", json=draft, headers=api.auth)
    assert stale.status_code == 409
    published = api.post("/api/v1/apps/crm/publish", json={"note": "again"}, headers=api.auth)
    assert published.status_code == 201 and published.get_json()["version"] == 2
    versions = api.get("/api/v1/apps/crm/versions", headers=api.auth).get_json()["versions"]
    assert [v["number"] for v in versions] == [2, 1]


def test_publishing_an_invalid_draft_names_the_path(api):
    draft = api.get("/api/v1/apps/crm/draft", headers=api.auth).get_json()
    draft["document"]["forms"][0]["sections"][0]["fields"][0]["type"] = "telepathy"
    api.put("/api/v1/apps/crm/draft", json=draft, headers=api.auth)
    response = api.post("/api/v1/apps/crm/publish", json={}, headers=api.auth)
    assert response.status_code == 422
    assert any(
        "/forms/0/sections/0/fields/0" in path for path in response.get_json()["error"]["fields"]
    )
