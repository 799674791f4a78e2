"""Records carry a revision: the API answers it (and an ETag), a PATCH with a stale
``If-Match`` is refused with the current values, and a stale edit form comes back with the
other person's change instead of putting old values back (SQLite and PostgreSQL)."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from tessera.runtime import migrate, publishing
from tessera.runtime.catalog import AppCatalog
from tessera.runtime.database import make_engine
from tessera.runtime.store.records import RecordStore
from tests.support.demo import ADMIN_EMAIL, PASSWORD, bearer, demo_app
from tests.support.html_form import form_fields

RECORDS = "/api/v1/apps/leads/forms/lead/records"


@pytest.fixture
def web(settings, migrated_db_url):
    """A test client of the demo app (CSRF off), ``.auth`` API headers, ``.engine``."""
    app = demo_app(settings, csrf=False)
    client = app.test_client()
    client.auth = {**bearer(app), "Accept-Language": "en"}
    client.engine = make_engine(settings.database_url)
    yield client
    client.engine.dispose()
    app.extensions["tessera.engine"].dispose()


def _create(web, **fields) -> dict:
    response = web.post(RECORDS, json={"fields": {"name": "张伟", **fields}}, headers=web.auth)
    assert response.status_code == 201, response.get_json()
    return response


def _stored(web, record_id: int) -> dict:
    with web.engine.connect() as conn:
        table = AppCatalog().get(conn, "leads").form("lead").table
        return dict(conn.execute(sa.select(table).where(table.c.id == record_id)).one()._mapping)


def test_a_record_reads_with_its_revision_and_etag(web):
    created = _create(web, company="甲公司")
    body = created.get_json()
    assert body["revision"] == 1 and created.headers["ETag"] == '"1"'
    got = web.get(f"{RECORDS}/{body['id']}", headers=web.auth)
    assert got.get_json()["revision"] == 1 and got.headers["ETag"] == '"1"'
    patched = web.patch(
        f"{RECORDS}/{body['id']}", json={"fields": {"company": "乙公司"}}, headers=web.auth
    )
    assert patched.get_json()["revision"] == 2 and patched.headers["ETag"] == '"2"'
    listed = web.get(RECORDS, headers=web.auth).get_json()["records"]
    assert [r["revision"] for r in listed] == [2]


@pytest.mark.parametrize("form", ['"{}"', "{}"])
def test_patch_with_a_stale_if_match_gets_409_and_the_current_values(web, form):
    record_id = _create(web, company="甲公司").get_json()["id"]
    first = web.patch(
        f"{RECORDS}/{record_id}",
        json={"fields": {"company": "乙公司"}},
        headers={**web.auth, "If-Match": form.format(1)},
    )
    assert first.status_code == 200 and first.get_json()["revision"] == 2

    stale = web.patch(
        f"{RECORDS}/{record_id}",
        json={"fields": {"company": "丙公司", "title": "经理"}},
        headers={**web.auth, "If-Match": form.format(1)},
    )
    assert stale.status_code == 409
    assert stale.headers["ETag"] == '"2"'
    error = stale.get_json()["error"]
    assert error["code"] == "conflict" and "changed by someone else" in error["message"]
    assert error["current"]["revision"] == 2
    assert error["current"]["fields"]["company"] == "乙公司"
    stored = _stored(web, record_id)
    assert (stored["company"], stored["title"], stored["revision"]) == ("乙公司", None, 2)


@pytest.mark.parametrize("value", ["abc", 'W/"1"', "1.5", "-1", "²", "", '"1', "1, 2"])
def test_an_if_match_that_is_not_a_revision_is_400_naming_it(web, value):
    record_id = _create(web, company="甲公司").get_json()["id"]
    response = web.patch(
        f"{RECORDS}/{record_id}",
        json={"fields": {"company": "乙公司"}},
        headers={**web.auth, "If-Match": value},
    )
    assert response.status_code == 400
    assert "If-Match" in response.get_json()["error"]["fields"]
    assert _stored(web, record_id)["company"] == "甲公司"


def test_patch_without_if_match_still_works_and_moves_the_revision(web):
    record_id = _create(web, company="甲公司", title="专员").get_json()["id"]
    web.patch(f"{RECORDS}/{record_id}", json={"fields": {"company": "乙公司"}}, headers=web.auth)
    response = web.patch(
        f"{RECORDS}/{record_id}",
        json={"fields": {"company": "乙公司", "title": "顾问"}},
        headers=web.auth,
    )
    assert response.status_code == 200
    assert response.get_json()["revision"] == 3 and response.headers["ETag"] == '"3"'
    entries = web.get(f"{RECORDS}/{record_id}/timeline", headers=web.auth).get_json()["entries"]
    assert entries[0]["kind"] == "updated"
    assert entries[0]["payload"] == {"changes": {"title": ["专员", "顾问"]}, "revision": 3}


def _sign_in(web):
    response = web.post("/login", data={"email": ADMIN_EMAIL, "password": PASSWORD})
    assert response.status_code == 303


def test_a_stale_edit_form_shows_the_other_change_and_overwrites_nothing(web):
    record_id = _create(web, company="甲公司", title="专员").get_json()["id"]
    _sign_in(web)
    edit_url = f"/a/leads/lead/{record_id}/edit"
    page = web.get(edit_url, headers={"Accept-Language": "en"}).get_data(as_text=True)
    data = form_fields(page, "record-form")
    assert data["_revision"] == "1" and data["company"] == "甲公司"

    # Meanwhile a colleague's script changes the company through the API.
    web.patch(f"{RECORDS}/{record_id}", json={"fields": {"company": "乙公司"}}, headers=web.auth)

    data["title"] = "顾问"  # the user only changed the title (not a scored one)
    stale = web.post(edit_url, data=data, headers={"Accept-Language": "en"})
    assert stale.status_code == 409
    html = stale.get_data(as_text=True)
    assert 'id="conflict"' in html and "This record was changed by someone else" in html
    their_change = re.search(r'<ul class="conflict-changes">(.*?)</ul>', html, re.S).group(1)
    assert 'data-field="company"' in their_change and "乙公司" in their_change
    assert 'data-field="title"' not in their_change
    again = form_fields(html, "record-form")
    assert again["title"] == "顾问"  # what the user typed is still there
    assert again["_revision"] == "1"  # and a second save is refused until they reload
    stored = _stored(web, record_id)
    assert (stored["company"], stored["title"]) == ("乙公司", "专员")
    assert web.post(edit_url, data=data).status_code == 409

    reloaded = form_fields(web.get(edit_url).get_data(as_text=True), "record-form")
    assert reloaded["_revision"] == "2" and reloaded["company"] == "乙公司"
    reloaded["title"] = "顾问"
    assert web.post(edit_url, data=reloaded).status_code == 303
    stored = _stored(web, record_id)
    assert (stored["company"], stored["title"], stored["revision"]) == ("乙公司", "顾问", 3)
    entries = web.get(f"{RECORDS}/{record_id}/timeline", headers=web.auth).get_json()["entries"]
    assert entries[0]["payload"]["changes"] == {"title": ["专员", "顾问"]}


def test_an_edit_form_without_a_revision_is_refused(web):
    record_id = _create(web, company="甲公司").get_json()["id"]
    _sign_in(web)
    edit_url = f"/a/leads/lead/{record_id}/edit"
    data = form_fields(web.get(edit_url).get_data(as_text=True), "record-form")
    for bad in ("", "abc", "²"):
        data["_revision"] = bad
        data["company"] = "乙公司"
        assert web.post(edit_url, data=data).status_code == 400
    assert _stored(web, record_id)["company"] == "甲公司"


def test_tables_made_before_revisions_get_the_column_and_keep_their_rows(settings, migrated_db_url):
    """An older Tessera's table (no ``revision``) is brought up to date by the migration
    step, and by the next publish, without losing a value."""
    app = demo_app(settings)
    app.extensions["tessera.engine"].dispose()
    engine = make_engine(settings.database_url)
    try:
        with engine.begin() as conn:
            form = AppCatalog().get(conn, "leads").form("lead")
            record_id = RecordStore(conn, form).create({"name": "张伟", "company": "甲公司"})
        table = form.table.name

        def drop_revision():
            with engine.begin() as conn:
                conn.exec_driver_sql(f"ALTER TABLE {table} DROP COLUMN revision")

        def columns():
            with engine.connect() as conn:
                return {c["name"] for c in sa.inspect(conn).get_columns(table)}

        drop_revision()
        assert "revision" not in columns()
        migrate.upgrade(engine)
        with engine.connect() as conn:
            record = RecordStore(conn, AppCatalog().get(conn, "leads").form("lead")).get(record_id)
        assert record.revision == 1 and record.values["company"] == "甲公司"

        drop_revision()
        with engine.begin() as conn:
            document, revision = publishing.load_draft(conn, "leads")
            document["label"] = {**document["label"], "en": "Leads, relabelled"}
            publishing.save_draft(conn, "leads", document, expected_revision=revision)
            publishing.publish(conn, "leads")
        assert "revision" in columns()
        with engine.connect() as conn:
            record = RecordStore(conn, AppCatalog().get(conn, "leads").form("lead")).get(record_id)
        assert record.revision == 1 and record.values["company"] == "甲公司"
    finally:
        engine.dispose()


def test_revision_is_a_reserved_field_key(web):
    draft = web.get("/api/v1/apps/leads/draft", headers=web.auth).get_json()
    lead = next(f for f in draft["document"]["forms"] if f["key"] == "lead")
    lead["sections"][0]["fields"].append(
        {"key": "revision", "type": "number", "label": {"zh-CN": "版本", "en": "Version"}}
    )
    assert web.put("/api/v1/apps/leads/draft", json=draft, headers=web.auth).status_code == 200
    refused = web.post("/api/v1/apps/leads/publish", json={}, headers=web.auth)
    assert refused.status_code == 422
    fields = refused.get_json()["error"]["fields"]
    assert any(path.endswith("/key") and "reserved" in msg for path, msg in fields.items())
