"""The compiled, immutable view of an app document."""

import copy
import dataclasses
import json

import pytest

from tessera.builder import AppSpec, InvalidDocument, compile_app, load_template, thaw

LEAD_FIELDS = [
    "name", "phone", "email", "company", "title",
    "company_size", "industry", "province", "city",
    "source", "campaign", "est_amount",
    "stage", "lost_reason", "lifecycle", "owner", "score", "grade", "tags",
]  # fmt: skip


@pytest.fixture(scope="module")
def leads() -> AppSpec:
    return compile_app(load_template("leads"))


def test_compile_the_template(leads):
    assert leads.key == "leads"
    assert leads.label_for("zh_CN") == "线索管理"
    assert leads.label_for("en") == "Lead management"
    assert [f.key for f in leads.forms] == ["lead", "campaign", "followup", "customer"]
    assert leads.navigation == ("lead", "campaign", "followup", "customer")
    assert leads.form("campaign").label_for("zh-CN") == "市场活动"


def test_fields_in_document_order(leads):
    lead = leads.form("lead")
    assert [f.key for f in lead.fields] == LEAD_FIELDS
    assert lead.field_keys == tuple(LEAD_FIELDS)
    assert [s.key for s in lead.sections] == ["basic", "company_info", "origin", "followup"]
    assert sum((s.fields for s in lead.sections), ()) == tuple(LEAD_FIELDS)
    assert all(s.columns == 2 for s in lead.sections)


def test_field_specs_carry_their_widget(leads):
    lead = leads.form("lead")
    phone = lead.field("phone")
    assert phone.type == "phone" and phone.widget.type == "phone"
    assert phone.section == "basic"
    assert lead.field("name").required is True
    assert lead.field("email").required is False
    assert lead.field("city").config["province_field"] == "province"
    assert lead.field("lost_reason").visible_if == {"field": "stage", "op": "in", "value": ["lost"]}
    assert lead.field("score").computed is True
    assert lead.title_field == "name"
    assert "stage" in lead.list_fields
    assert lead.has_field("grade") and not lead.has_field("nope")


def test_unknown_keys_raise_key_error(leads):
    with pytest.raises(KeyError, match="no form 'deal'"):
        leads.form("deal")
    with pytest.raises(KeyError, match="no field 'wechat'"):
        leads.form("lead").field("wechat")


def test_specs_are_immutable(leads):
    lead = leads.form("lead")
    stage = lead.field("stage")
    with pytest.raises(dataclasses.FrozenInstanceError):
        stage.required = True
    with pytest.raises(dataclasses.FrozenInstanceError):
        leads.forms = ()
    with pytest.raises(TypeError):
        stage.config["options"] = []
    with pytest.raises(TypeError):
        stage.config["options"].append({"key": "x"})
    with pytest.raises(TypeError):
        stage.config["options"][0]["key"] = "x"
    with pytest.raises(TypeError):
        stage.label["en"] = "Phase"
    assert isinstance(lead.fields, tuple) and isinstance(lead.sections, tuple)


def test_frozen_values_still_read_as_json(leads):
    stage = leads.form("lead").field("stage")
    assert isinstance(stage.config, dict)
    assert json.loads(json.dumps(stage.config))["options"][0]["key"] == "new"
    mutable = thaw(stage.config)
    mutable["options"].append({"key": "x"})
    assert len(stage.config["options"]) == 8
    assert copy.deepcopy(stage.config) == stage.config
    hash(stage)  # specs can key caches


def test_compiling_copies_the_document():
    doc = load_template("leads")
    app = compile_app(doc)
    doc["forms"][0]["sections"][0]["fields"][0]["label"]["en"] = "Changed"
    doc["forms"][0]["key"] = "changed"
    assert app.form("lead").field("name").label_for("en") == "Name"
    assert app.document["forms"][0]["key"] == "lead"


def test_defaults_for_optional_members(app):
    del app["navigation"]
    spec = compile_app(app)
    company = spec.form("company")
    assert spec.navigation == ("contact", "company")
    assert company.title_field == "name"
    assert company.list_fields == ("name",)
    assert company.sections[0].columns == 1
    assert company.field("name").width == 1 and company.field("name").config == {}


def test_invalid_documents_do_not_compile(app):
    app["navigation"] = ["nowhere"]
    with pytest.raises(InvalidDocument) as caught:
        compile_app(app)
    assert caught.value.errors[0].path == "/navigation/0"
