"""``GET /api/v1/apps/<app>/publish-plan``: what publishing the draft would do, on SQLite and
PostgreSQL, in the request's language; admins and builders only."""

import copy

import pytest

from tessera.runtime import publishing
from tessera.runtime.auth.tokens import create_token
from tessera.runtime.auth.users import create_user
from tessera.runtime.catalog import AppCatalog
from tessera.runtime.database import make_engine
from tessera.runtime.store.records import RecordStore
from tessera.runtime.web.app import create_app
from tests.runtime.sample_app import sample_app

PLAN = "/api/v1/apps/crm/publish-plan"


@pytest.fixture
def api(settings, migrated_db_url):
    engine = make_engine(settings.database_url)
    with engine.begin() as conn:
        admin = create_user(conn, email="admin@example.com", password="secret-pass", role="admin")
        sales = create_user(conn, email="rep@example.com", password="secret-pass", role="sales")
        tokens = {"admin": create_token(conn, admin.id), "sales": create_token(conn, sales.id)}
        publishing.create_app(conn, sample_app())
        publishing.publish(conn, "crm")
    client = create_app(settings).test_client()
    client.engine = engine
    client.tokens = tokens
    client.auth = {"Authorization": f"Bearer {tokens['admin']}", "Accept-Language": "en"}
    yield client
    engine.dispose()


def save(api, change):
    """Apply ``change(document)`` to the draft and save it through the API."""
    draft = api.get("/api/v1/apps/crm/draft", headers=api.auth).get_json()
    document = copy.deepcopy(draft["document"])
    change(document)
    saved = api.put(
        "/api/v1/apps/crm/draft",
        json={"document": document, "revision": draft["revision"]},
        headers=api.auth,
    )
    assert saved.status_code == 200, saved.get_json()


def contact_fields(document):
    form = next(f for f in document["forms"] if f["key"] == "contact")
    return form["sections"][0]["fields"]


def test_the_plan_names_new_and_archived_fields_with_their_values(api):
    assert api.get(PLAN, headers=api.auth).get_json() == {"changes": [], "ok": True, "errors": []}
    with api.engine.begin() as conn:
        form = AppCatalog().get(conn, "crm").form("contact")
        RecordStore(conn, form).create({"name": "A", "phone": "13800138000"})
        RecordStore(conn, form).create({"name": "B", "phone": "13900139000"})

    def change(document):
        fields = contact_fields(document)
        fields[:] = [f for f in fields if f["key"] != "phone"]
        document["forms"][0]["list_fields"] = ["name", "size"]
        fields.append({"key": "email", "type": "email", "label": {"zh-CN": "邮箱"}})

    save(api, change)
    body = api.get(PLAN, headers=api.auth).get_json()
    assert body["ok"] is True and body["errors"] == []
    by_kind = {c["kind"]: c for c in body["changes"]}
    assert by_kind["add_column"] == {
        "kind": "add_column",
        "form": "contact",
        "field": "email",
        "widget_type": "email",
        "old_type": None,
        "values_held": 0,
        "description": "Add field contact.email (email)",
    }
    archived = by_kind["archive_field"]
    assert (archived["field"], archived["values_held"]) == ("phone", 2)
    assert archived["description"].startswith("2 values will be archived")
    zh = api.get(PLAN, headers={**api.auth, "Accept-Language": "zh-CN"}).get_json()
    assert any(c["description"].startswith("2 个值将被归档") for c in zh["changes"])


def test_a_refused_type_change_makes_the_plan_not_ok(api):
    with api.engine.begin() as conn:
        form = AppCatalog().get(conn, "crm").form("contact")
        RecordStore(conn, form).create({"name": "A", "phone": "13800138000"})

    def change(document):
        phone = next(f for f in contact_fields(document) if f["key"] == "phone")
        phone["type"] = "number"
        phone.pop("config", None)

    save(api, change)
    body = api.get(PLAN, headers=api.auth).get_json()
    assert body["ok"] is False
    refused = next(c for c in body["changes"] if c["kind"] == "refuse")
    assert (refused["field"], refused["old_type"], refused["widget_type"]) == (
        "phone",
        "phone",
        "number",
    )


def test_an_invalid_draft_has_errors_by_path_and_no_changes(api):
    def change(document):
        contact_fields(document)[0]["type"] = "telepathy"

    save(api, change)
    body = api.get(PLAN, headers=api.auth).get_json()
    assert body["ok"] is False and body["changes"] == []
    assert any(e["path"].startswith("/forms/0/sections/0/fields/0") for e in body["errors"])
    assert all(e["message"] for e in body["errors"])


def test_only_admins_and_builders_see_the_plan(api):
    sales = {"Authorization": f"Bearer {api.tokens['sales']}"}
    assert api.get(PLAN, headers=sales).status_code == 403
    assert api.get(PLAN).status_code == 401
    assert api.get("/api/v1/apps/nope/publish-plan", headers=api.auth).status_code == 404
