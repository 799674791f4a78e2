"""The app-level designer pages: new apps, app settings, forms, stale saves, deleting."""

import re

import pytest
import sqlalchemy as sa

from tessera.runtime import publishing
from tessera.runtime.catalog import AppCatalog
from tessera.runtime.store.records import RecordStore
from tests.runtime.web.designer.support import designer_client, draft, edit, login, page_token


@pytest.fixture
def web(settings, migrated_db_url):  # both databases (settings uses this URL)
    yield from designer_client(settings)


def test_new_app_from_a_template_and_app_level_edits(web):
    token = login(web)
    page = web.get("/design/").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    bad = web.post("/design/new", data={"csrf_token": token, "key": "9x", "label_zh": ""})
    assert bad.status_code == 422
    long = web.post("/design/new", data={"csrf_token": token, "key": "big", "label_zh": "长" * 201})
    assert long.status_code == 422 and "名称最多 200 个字符" in long.get_data(as_text=True)
    with web.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT COUNT(*) FROM apps WHERE key = 'big'")).scalar() == 0
    made = web.post(
        "/design/new",
        data={"csrf_token": token, "key": "crm", "label_zh": "客户", "template": ""},
    )
    assert made.status_code == 303
    with web.engine.connect() as conn:
        doc, revision = publishing.load_draft(conn, "crm")
    assert doc["forms"][0]["key"] == "crm"
    data = {"csrf_token": token, "revision": revision, "label_zh": "合同", "label_en": "Contract"}
    web.post("/design/crm/edit/add_form", data=data)
    with web.engine.connect() as conn:
        doc, revision = publishing.load_draft(conn, "crm")
    assert doc["navigation"] == ["crm", "contract"]
    web.post(
        "/design/crm/edit/move_form",
        data={"csrf_token": token, "revision": revision, "form": "contract", "direction": "up"},
    )
    stale = web.post(
        "/design/crm/edit/settings",
        data={"csrf_token": token, "revision": revision, "label_zh": "旧名", "color": "#16a34a"},
    )  # stale revision: refused, and what was typed is still on the page
    assert stale.status_code == 409
    html = stale.get_data(as_text=True)
    assert 'id="conflict"' in html and 'href="/design/crm"' in html
    assert re.search(r'id="app-label-zh" value="旧名"', html)
    assert re.search(r'id="app-color" value="#16a34a"', html)
    assert f'name="revision" value="{revision}"' in html  # a second try is refused too
    with web.engine.connect() as conn:
        doc, revision = publishing.load_draft(conn, "crm")
    assert doc["navigation"] == ["contract", "crm"] and doc["label"] == {"zh-CN": "客户"}


def test_a_stale_rename_or_new_form_keeps_the_typed_name(web):
    token = login(web)
    page = web.get("/design/leads").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    _doc, revision = draft(web)
    edit(web, "add_field", token, type="email", section="basic")  # another tab saved
    renamed = web.post(
        "/design/leads/edit/rename_form",
        data={"csrf_token": token, "revision": revision, "form": "lead", "label_zh": "潜客"},
    )
    assert renamed.status_code == 409
    assert re.search(r'id="rename-lead-zh" value="潜客"', renamed.get_data(as_text=True))
    added = web.post(
        "/design/leads/edit/add_form",
        data={"csrf_token": token, "revision": revision, "label_zh": "合同"},
    )
    assert added.status_code == 409
    assert re.search(r'id="new-form-zh" value="合同"', added.get_data(as_text=True))
    unnamed = web.post(
        "/design/leads/edit/add_form",
        data={"csrf_token": token, "revision": draft(web)[1], "label_en": " "},
    )
    assert unnamed.status_code == 422 and 'id="app-alert"' in unnamed.get_data(as_text=True)
    doc, _ = draft(web)
    assert [f["key"] for f in doc["forms"]] == ["lead"] or "contract" not in [
        f["key"] for f in doc["forms"]
    ]
    assert doc["forms"][0]["label"]["zh-CN"] != "潜客"


def crm_draft(client):
    with client.engine.connect() as conn:
        return publishing.load_draft(conn, "crm")


def test_delete_a_form_keeps_its_records_archived(web):
    login(web)
    token = page_token(web)
    web.post("/design/new", data={"csrf_token": token, "key": "crm", "label_zh": "客户"})
    _doc, revision = crm_draft(web)
    data = {"csrf_token": token, "revision": revision, "label_zh": "合同", "label_en": "Contract"}
    web.post("/design/crm/edit/add_form", data=data)
    page = web.get("/design/crm", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert 'id="delete-form-contract"' in page
    assert "Its records are kept: publishing archives its table" in page
    _doc, revision = crm_draft(web)
    web.post("/design/crm/publish", data={"csrf_token": token, "revision": revision})
    with web.engine.begin() as conn:
        RecordStore(conn, AppCatalog().get(conn, "crm").form("contract")).create({"name": "C1"})

    _doc, revision = crm_draft(web)
    removed = web.post(
        "/design/crm/edit/remove_form",
        data={"csrf_token": token, "revision": revision, "form": "contract"},
    )
    assert removed.status_code == 303
    doc, revision = crm_draft(web)
    assert [f["key"] for f in doc["forms"]] == ["crm"] and doc["navigation"] == ["crm"]
    plan = web.get("/design/crm").get_data(as_text=True)
    assert "表单 contract 将被归档，其 1 条记录保留" in plan
    assert 'id="delete-form-crm"' not in plan  # the last form cannot be deleted
    assert 'id="delete-app"' not in plan  # a published app cannot be deleted
    web.post("/design/crm/publish", data={"csrf_token": token, "revision": revision})
    with web.engine.connect() as conn:
        table = sa.Table("r_crm__contract", sa.MetaData(), autoload_with=conn)
        assert conn.execute(sa.select(table.c.name)).scalars().all() == ["C1"]
    refused = web.post("/design/crm/delete", data={"csrf_token": token})
    assert refused.status_code == 409
    assert crm_draft(web)[0]["key"] == "crm"


def test_delete_an_app_draft_that_was_never_published(web):
    login(web)
    token = page_token(web)
    web.post("/design/new", data={"csrf_token": token, "key": "crm", "label_zh": "客户"})
    assert 'id="delete-app"' in web.get("/design/crm").get_data(as_text=True)
    deleted = web.post("/design/crm/delete", data={"csrf_token": token})
    assert deleted.status_code == 303 and deleted.headers["Location"].endswith("/design/")
    assert web.get("/design/crm").status_code == 404
    assert 'href="/design/crm"' not in web.get("/design/").get_data(as_text=True)


def test_publishing_a_draft_that_is_already_published_says_so(web):
    """What the loser of two simultaneous publishes sees: 409 and why, no new version."""
    login(web)
    token = page_token(web, "/design/leads")
    _doc, revision = draft(web)
    with web.engine.connect() as conn:
        before = publishing.list_versions(conn, "leads")
    again = web.post(
        "/design/leads/publish",
        data={"csrf_token": token, "revision": revision},
        headers={"Accept-Language": "en"},
    )
    assert again.status_code == 409
    assert "Nothing to publish: this draft is already published as version 1" in again.get_data(
        as_text=True
    )
    with web.engine.connect() as conn:
        assert publishing.list_versions(conn, "leads") == before
