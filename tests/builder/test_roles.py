"""Field roles in form documents: the schema, the checks with their paths, the compiled
``FormSpec.role`` the runtime reads, and the edits and diffs that keep them in step."""

import copy

import pytest

from tessera.builder import compile_app, diff_apps, load_template, role_registry
from tessera.builder.changes import FormChanged
from tessera.builder.editing import EditError, remove_field, set_role
from tessera.builder.schema_check import load_schema
from tessera.builder.validation import validate_app_document
from tessera.registry import UnknownType
from tessera.widgets import widget_registry


def _user_field(key="rep"):
    return {"key": key, "type": "user", "label": {"zh-CN": "负责人", "en": "Rep"}}


def with_roles(app, roles, *extra_fields):
    app["version"] = 2
    app["forms"][0]["roles"] = roles
    app["forms"][0]["sections"][0]["fields"].extend(extra_fields)
    return app


def test_the_lead_template_names_its_roles_and_the_spec_answers_them():
    app = compile_app(load_template("leads"))
    lead, followup = app.form("lead"), app.form("followup")
    assert {name: lead.role(name) for name in role_registry.keys()} == {
        "owner": "owner",
        "source": "source",
        "campaign": "campaign",
        "email": "email",
        "phone": "phone",
        "language": None,  # the template's leads have no language field: emails go in zh-CN
    }
    assert lead.role_field("owner").widget.refers_to == "user"
    assert followup.role("owner") is None and followup.role_field("owner") is None
    assert app.form("customer").role("owner") == "owner"


def test_a_role_may_be_played_by_a_field_of_any_name(app):
    with_roles(app, {"owner": "rep", "email": "email"}, _user_field())
    assert validate_app_document(app) == []
    contact = compile_app(app).form("contact")
    assert contact.role("owner") == "rep" and contact.role("email") == "email"
    assert contact.role("phone") is None  # not named: not played


def test_a_misspelt_role_fails_loudly_at_run_time(app):
    contact = compile_app(app).form("contact")
    with pytest.raises(UnknownType):
        contact.role("onwer")


def test_a_role_naming_no_field_is_refused_at_its_path(app):
    with_roles(app, {"owner": "rep"})
    [error] = validate_app_document(app)
    assert error.path == "/forms/0/roles/owner" and error.code == "unknown_field"
    assert error.message.startswith("The owner is «rep», which is not a field of this form.")
    assert "负责人字段「rep」不是本表单中的字段" in error.message_zh


@pytest.mark.parametrize(
    ("role", "field", "wanted"),
    [
        ("owner", "name", "a user field"),
        ("campaign", "stage", "a linked-record field"),
        ("email", "name", "an email field"),
        ("phone", "email", "a phone field"),
        ("source", "employer", "a text or choice field people fill in"),
    ],
)
def test_a_role_refuses_a_field_of_the_wrong_kind(app, role, field, wanted):
    with_roles(app, {role: field})
    if field == "employer":  # it sits in the second section
        app["forms"][0]["sections"][1]["fields"][2]["key"] = "employer"
    [error] = validate_app_document(app)
    assert error.path == f"/forms/0/roles/{role}" and error.code == "bad_role_field"
    assert error.message.startswith(f"The {role} must be {wanted}; «{field}»")


def test_an_unknown_role_is_named_with_the_known_ones(app):
    with_roles(app, {"boss": "name"})
    [error] = validate_app_document(app)
    assert error.path == "/forms/0/roles/boss" and error.code == "unknown_property"
    assert "Allowed: campaign, email, language, owner, phone, source." in error.message


def test_the_schema_lists_exactly_the_registered_roles():
    roles = load_schema("form")["properties"]["roles"]["properties"]
    assert sorted(roles) == sorted(role_registry.keys())


@pytest.mark.parametrize("role", role_registry.all(), ids=lambda r: r.type)
def test_every_role_accepts_some_widget_and_refuses_another(role):
    accepted = [w.type for w in widget_registry if role.accepts(w)]
    assert accepted and len(accepted) < len(widget_registry.keys())
    assert role.label["en"] and role.label["zh-CN"] and role.wants["en"] and role.wants["zh-CN"]


def test_removing_a_field_drops_the_role_it_played():
    doc = load_template("leads")
    doc = remove_field(doc, form="lead", key="owner")
    assert "owner" not in doc["forms"][0]["roles"]
    # What still names the field is the flows' and views' conditions, and the check says
    # which ones.
    problems = validate_app_document(doc)
    assert sorted(p.path for p in problems) == [
        "/flows/distribution/trigger/if/field",
        "/flows/sla_reclaim/trigger/if/all/0/field",
        "/views/lead/0/filter/field",
        "/views/lead/1/filter/all/0/field",
    ]
    assert all("«owner»" in p.message for p in problems)


def test_a_publish_that_changes_a_role_says_so():
    old = load_template("leads")
    new = copy.deepcopy(old)
    del new["forms"][0]["roles"]["phone"]
    [change] = diff_apps(old, new).changes
    assert isinstance(change, FormChanged) and change.prop == "roles"
    assert "field roles changed" in change.describe("en")
    assert "字段角色" in change.describe("zh-CN")


def test_set_role_moves_a_role_to_another_field_and_refuses_unknown_ones():
    doc = load_template("leads")
    doc["forms"][0]["sections"][0]["fields"].append(_user_field("rep"))
    moved = set_role(doc, form="lead", key="rep", role="owner")
    assert moved["forms"][0]["roles"]["owner"] == "rep"
    assert doc["forms"][0]["roles"]["owner"] == "owner"  # a copy: the input is untouched
    assert validate_app_document(moved) == []
    cleared = set_role(moved, form="lead", key="rep", role=None)
    assert "owner" not in cleared["forms"][0]["roles"]
    with pytest.raises(EditError):
        set_role(doc, form="lead", key="rep", role="boss")
