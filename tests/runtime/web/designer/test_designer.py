"""The designer pages over a real app and database: every edit saves the draft at the
revision it was loaded at; a stale save is refused; publishing shows what happens to data."""

import re

import pytest
import sqlalchemy as sa

from tessera.runtime import publishing
from tessera.runtime.catalog import AppCatalog
from tessera.runtime.store.records import RecordStore
from tests.runtime.web.designer.support import (
    FORM,
    csrf_of,
    designer_client,
    draft,
    edit,
    field_keys,
    login,
)


@pytest.fixture
def web(settings, migrated_db_url):  # both databases (settings uses this URL)
    yield from designer_client(settings)


def test_only_admins_and_builders_may_design(web):
    assert web.get("/design/").status_code == 302  # to the login page
    login(web, "rep@example.com")
    assert web.get("/design/").status_code == 403
    assert web.get(FORM).status_code == 403


def test_the_designer_page_shows_every_widget_grouped_by_kind(web):
    login(web)
    html = web.get(FORM).get_data(as_text=True)
    for widget_type in ("text", "phone", "select", "date", "link", "score"):
        assert f'data-type="{widget_type}"' in html
    assert 'data-section="basic"' in html and 'data-key="phone"' in html


def test_add_move_update_and_the_draft_is_saved(web):
    login(web)
    token = csrf_of(web.get(FORM).get_data(as_text=True))
    response = edit(web, "add_field", token, type="phone", section="basic", index=2)
    assert response.status_code == 200
    doc, revision = draft(web)
    assert field_keys(doc, "basic")[:3] == ["name", "phone", "phone_2"]
    assert 'data-key="phone_2"' in response.get_data(as_text=True)

    edit(
        web,
        "update_field",
        token,
        key="phone_2",
        label_zh="座机",
        label_en="Landline",
        required="on",
        width="2",
    )
    doc, _ = draft(web)
    added = next(
        f for s in doc["forms"][0]["sections"] for f in s["fields"] if f["key"] == "phone_2"
    )
    assert added["label"] == {"zh-CN": "座机", "en": "Landline"}
    assert added["required"] is True and added["width"] == 2

    edit(web, "move_field", token, key="phone_2", section="origin", index=0)
    assert field_keys(draft(web)[0], "origin")[0] == "phone_2"
    edit(web, "move_field", token, key="phone_2", direction="up")  # past the top: previous section
    assert field_keys(draft(web)[0], "company_info")[-1] == "phone_2"


def test_a_stale_revision_is_refused_with_the_conflict_message_and_nothing_is_overwritten(web):
    login(web)
    token = csrf_of(web.get(FORM).get_data(as_text=True))
    _doc, old = draft(web)
    edit(web, "add_field", token, type="email", section="basic")
    response = edit(web, "remove_field", token, key="name", revision=old)
    assert response.status_code == 409
    assert response.headers["HX-Retarget"] == "#designer-alert"
    assert "changed elsewhere" in response.get_data(as_text=True) or "别处" in response.get_data(
        as_text=True
    )
    doc, _ = draft(web)
    assert "name" in field_keys(doc, "basic") and "email_2" in field_keys(doc, "basic")


def test_a_revision_that_is_not_a_number_is_a_bad_request_and_changes_nothing(web):
    login(web)
    token = csrf_of(web.get(FORM).get_data(as_text=True))
    before, _ = draft(web)
    for revision in ("abc", "1e3", "9" * 40):
        assert edit(web, "remove_field", token, key="name", revision=revision).status_code == 400
    assert draft(web)[0] == before


def test_validation_errors_are_shown_beside_the_property(web):
    login(web)
    token = csrf_of(web.get(FORM).get_data(as_text=True))
    response = edit(
        web, "update_field", token, key="name", label_zh="", label_en="", rule_max_length="-5"
    )
    html = response.get_data(as_text=True)
    assert 'id="err-label"' in html and 'id="err-rule-max_length"' in html
    assert "needs attention" in html or "field-error-badge" in html


def test_options_reorder_and_condition_operators_follow_the_chosen_field(web):
    login(web)
    token = csrf_of(web.get(FORM).get_data(as_text=True))
    order = '["other", "retail", "internet", "education", "finance", "manufacturing"]'
    edit(web, "reorder_options", token, key="industry", order=order)
    lead = draft(web)[0]["forms"][0]
    industry = next(f for s in lead["sections"] for f in s["fields"] if f["key"] == "industry")
    assert [o["key"] for o in industry["config"]["options"]][0] == "other"
    response = edit(
        web, "update_field", token, key="title", label_zh="职位", cond_rows="0", cond_action="add"
    )
    assert "cond-field-0" in response.get_data(as_text=True)
    response = edit(
        web,
        "update_field",
        token,
        key="title",
        label_zh="职位",
        cond_rows="1",
        cond_mode="all",
        cond_field_0="industry",
        cond_prev_0="name",
    )
    html = response.get_data(as_text=True)
    ops = re.findall(r'<select name="cond_op_0".*?</select>', html, re.S)[0]
    assert 'value="in"' in ops and 'value="contains"' not in ops
    # a choice field offers its options, not free text
    assert 'name="cond_value_0" value="manufacturing"' not in html  # «eq»: one pick
    assert re.search(r'<select name="cond_value_0"[^>]*>.*value="manufacturing"', html, re.S)


def test_preview_renders_the_draft_with_the_runtime_form(web):
    login(web)
    token = csrf_of(web.get(FORM).get_data(as_text=True))
    edit(web, "add_field", token, type="url", section="basic", index=0)
    html = web.get(f"{FORM}/preview").get_data(as_text=True)
    assert 'data-field="link"' in html and 'class="record-form"' in html


def test_publish_plan_archive_and_restore_with_values(web):
    login(web)
    token = csrf_of(web.get(FORM).get_data(as_text=True))
    page_token = re.search(
        r'name="csrf_token" value="([^"]+)"', web.get("/design/leads").get_data(as_text=True)
    ).group(1)

    def publish(note=""):
        _doc, revision = draft(web)
        data = {"csrf_token": page_token, "revision": revision, "note": note}
        assert web.post("/design/leads/publish", data=data).status_code == 303

    edit(web, "add_field", token, type="textarea", section="basic")  # key "paragraph"
    publish("备注")
    with web.engine.begin() as conn:
        form = AppCatalog().get(conn, "leads").form("lead")
        for i in range(3):
            RecordStore(conn, form).create({"name": f"n{i}", "paragraph": "备注"})
        table = sa.Table("r_leads__lead", sa.MetaData(), autoload_with=conn)
    edit(web, "remove_field", token, key="paragraph")
    assert "3 个值将被归档" in web.get("/design/leads").get_data(as_text=True)
    publish("去掉备注")
    html = web.get(FORM).get_data(as_text=True)
    assert 'data-restore="paragraph"' in html
    edit(web, "restore_field", token, key="paragraph", section="basic")
    page = web.get("/design/leads").get_data(as_text=True)
    assert "恢复字段 lead.paragraph 及其 3 个已归档的值" in page
    publish()
    with web.engine.connect() as conn:
        notes = conn.execute(sa.select(table.c.paragraph).where(table.c.paragraph.isnot(None)))
        assert list(notes.scalars()) == ["备注"] * 3
    assert "去掉备注" in web.get("/design/leads").get_data(as_text=True)


def test_a_field_is_given_a_role_in_the_panel_and_an_old_draft_keeps_its_others(web):
    login(web)
    token = csrf_of(web.get(FORM).get_data(as_text=True))
    # The demo's draft as a version-1 document: roles came from the fixed keys.
    with web.engine.begin() as conn:
        doc, revision = publishing.load_draft(conn, "leads")
        doc["version"] = 1
        for form in doc["forms"]:
            form.pop("roles", None)
        publishing.save_draft(conn, "leads", doc, expected_revision=revision)
    html = web.get(f"{FORM}?field=owner").get_data(as_text=True)
    role = re.search(r'<select name="role".*?</select>', html, re.S).group(0)
    assert '<option value="owner" selected>' in role  # the old fixed key shows as the role
    assert 'value="email"' not in role  # only the roles a user field may play
    edit(web, "add_field", token, type="user", section="basic", index=0)
    added = next(k for k in field_keys(draft(web)[0], "basic") if k.startswith("user"))
    response = edit(web, "update_field", token, key=added, label_zh="跟进人", role="owner")
    assert response.status_code == 200
    doc, _revision = draft(web)
    lead = next(f for f in doc["forms"] if f["key"] == "lead")
    assert doc["version"] == 2
    assert lead["roles"] == {
        "owner": added,
        "source": "source",
        "campaign": "campaign",
        "email": "email",
        "phone": "phone",
    }
    edit(web, "update_field", token, key=added, label_zh="跟进人", role="")
    lead = next(f for f in draft(web)[0]["forms"] if f["key"] == "lead")
    assert "owner" not in lead["roles"]
