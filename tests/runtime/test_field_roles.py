"""Field roles at run time, on SQLite and PostgreSQL: row scope follows the ``owner`` role,
public links write the ``source`` and ``campaign`` roles, and behaviour events find their
record through the ``email`` and ``phone`` roles, whatever the fields are called. A document
published before roles existed (format version 1) behaves as it always did."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from tessera.runtime import publishing
from tessera.runtime.catalog import AppCatalog
from tessera.runtime.database import make_engine
from tessera.runtime.store.records import RecordStore
from tests.support.demo import bearer, demo_app

REP, OTHER = "rep@example.com", "other@example.com"

# role → field key, per document format.
FIXED_KEYS = {r: r for r in ("owner", "source", "campaign", "email", "phone")}
NAMED = {
    "owner": "assignee",
    "source": "channel",
    "campaign": "activity",
    "email": "mail",
    "phone": "mobile",
}


def crm_document(version: int) -> dict:
    """A small contacts app. Version 1 uses the old fixed keys and names no roles; version 2
    names its roles on fields called otherwise, and has a text field merely called «owner»
    (and one called «email»), which play nothing."""
    keys = FIXED_KEYS if version == 1 else NAMED
    text = lambda key, zh, en: {"key": key, "type": "text", "label": {"zh-CN": zh, "en": en}}  # noqa: E731
    fields = [
        text("full_name", "姓名", "Name"),
        {"key": keys["email"], "type": "email", "label": {"zh-CN": "邮箱", "en": "Email"}},
        {"key": keys["phone"], "type": "phone", "label": {"zh-CN": "手机", "en": "Phone"}},
        {
            "key": keys["source"],
            "type": "select",
            "label": {"zh-CN": "渠道", "en": "Channel"},
            "config": {
                "options": [
                    {"key": "web", "label": {"zh-CN": "官网", "en": "Website"}},
                    {"key": "expo", "label": {"zh-CN": "展会", "en": "Trade show"}},
                ]
            },
        },
        {
            "key": keys["campaign"],
            "type": "link",
            "label": {"zh-CN": "活动", "en": "Event"},
            "config": {"form": "event"},
        },
        {"key": keys["owner"], "type": "user", "label": {"zh-CN": "负责人", "en": "Owner"}},
    ]
    contact = {
        "key": "contact",
        "label": {"zh-CN": "联系人", "en": "Contact"},
        "title_field": "full_name",
        "public_fields": ["full_name", keys["email"], keys["phone"]],
        "sections": [{"key": "basic", "fields": fields}],
    }
    if version == 2:
        contact["roles"] = dict(NAMED)
        fields.append(text("owner", "备注人", "Noted by"))
        fields.append(text("email", "备用邮箱", "Spare email"))
    event = {
        "key": "event",
        "label": {"zh-CN": "活动", "en": "Event"},
        "sections": [{"key": "basic", "fields": [text("name", "名称", "Name")]}],
    }
    return {
        "version": version,
        "key": "crm",
        "label": {"zh-CN": "客户管理", "en": "CRM"},
        "forms": [contact, event],
    }


@pytest.fixture(params=[1, 2], ids=["v1-fixed-keys", "v2-named-roles"])
def crm(request, settings, migrated_db_url):
    """The CRM app published from a version-1 or a version-2 document, two reps, an event."""
    app = demo_app(settings, users={REP: "sales", OTHER: "sales"}, csrf=False)
    app.config["CAPTURE_MIN_FILL_S"] = 0
    engine = make_engine(settings.database_url)
    with engine.begin() as conn:
        publishing.create_app(conn, crm_document(request.param))
        publishing.publish(conn, "crm")
        event_form = AppCatalog().get(conn, "crm").form("event")
        app.event_id = RecordStore(conn, event_form).create({"name": "2026 工博会"})
    app.keys = FIXED_KEYS if request.param == 1 else NAMED
    app.version = request.param
    app.client = app.test_client()

    def rows():
        with engine.connect() as conn:
            table = AppCatalog().get(conn, "crm").form("contact").table
            return {r.full_name: r._mapping for r in conn.execute(sa.select(table))}

    app.rows = rows
    yield app
    engine.dispose()


def create(crm, fields) -> int:
    response = crm.client.post(
        "/api/v1/apps/crm/forms/contact/records", json={"fields": fields}, headers=bearer(crm)
    )
    assert response.status_code == 201, response.get_json()
    return response.get_json()["id"]


def test_a_rep_sees_the_contacts_the_owner_role_gives_them_and_the_pool(crm):
    owner = crm.keys["owner"]
    create(crm, {"full_name": "我的", owner: REP})
    create(crm, {"full_name": "别人的", owner: OTHER})
    create(crm, {"full_name": "公海的"})
    response = crm.client.get("/api/v1/apps/crm/forms/contact/records", headers=bearer(crm, REP))
    assert response.status_code == 200
    names = {r["fields"]["full_name"] for r in response.get_json()["records"]}
    assert names == {"我的", "公海的"}


def test_a_public_link_writes_its_channel_and_event_into_the_roles(crm):
    response = crm.client.post(
        "/api/v1/apps/crm/links",
        json={"form": "contact", "source": "expo", "campaign": crm.event_id},
        headers=bearer(crm),
    )
    assert response.status_code == 201, response.get_json()
    slug = response.get_json()["slug"]
    submitted = crm.client.post(
        f"/f/{slug}", json={"full_name": "展会来客", crm.keys["email"]: "guest@example.com"}
    )
    assert submitted.status_code == 201, submitted.get_json()
    stored = crm.rows()["展会来客"]
    assert stored[crm.keys["source"]] == "expo"
    assert stored[crm.keys["campaign"]] == crm.event_id
    if crm.version == 2:  # fields merely called like a role play nothing
        assert stored["owner"] is None and stored["email"] is None


@pytest.mark.parametrize(
    ("role", "stored", "given"),
    [
        ("email", "Ann.Lee@Example.com", "ann.lee@EXAMPLE.com"),
        ("phone", "13800138000", "138 0013 8000"),
    ],
)
def test_an_event_finds_its_contact_by_the_email_or_phone_role(crm, role, stored, given):
    record_id = create(crm, {"full_name": "安", crm.keys[role]: stored})
    if crm.version == 2:  # a text field called «email» is not looked at
        create(crm, {"full_name": "诱饵", "email": given})
    response = crm.client.post(
        "/api/v1/events",
        json={"app": "crm", "form": "contact", "match": {role: given}, "type": "page_view"},
        headers=bearer(crm),
    )
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["record_id"] == record_id


def test_a_form_without_the_role_refuses_the_match_by_name(crm):
    response = crm.client.post(
        "/api/v1/events",
        json={"app": "crm", "form": "event", "match": {"email": "a@b.cn"}, "type": "page_view"},
        headers=bearer(crm),
    )
    assert response.status_code == 400
    assert response.get_json()["error"]["fields"] == {"match": "email"}
    assert "has no email field" in response.get_json()["error"]["message"]
