"""Designer edits of fields and options: each gives a new, still valid document."""

import copy

import pytest

from tessera.builder import load_template, validate_app_document
from tessera.builder.editing import (
    EditError,
    add_field,
    add_option,
    find_field,
    move_field,
    new_field_key,
    remove_field,
    remove_option,
    reorder_options,
    slug_key,
    update_field,
    update_field_config,
    update_option,
)


@pytest.fixture
def doc():
    return load_template("leads")


def keys(doc, section, form="lead"):
    form_doc = next(f for f in doc["forms"] if f["key"] == form)
    sec = next(s for s in form_doc["sections"] if s["key"] == section)
    return [f["key"] for f in sec["fields"]]


def test_add_a_phone_field_between_two_fields_without_touching_the_input(doc):
    before = copy.deepcopy(doc)
    key = new_field_key(doc, form="lead", label={"en": "Office phone"}, widget_type="phone")
    assert key == "office_phone"
    new = add_field(doc, form="lead", section="basic", index=2, widget_type="phone", key=key)
    assert keys(new, "basic") == ["name", "phone", "office_phone", "email", "company", "title"]
    assert doc == before
    assert validate_app_document(new) == []
    _s, _i, field = find_field(new, form="lead", key="office_phone")
    assert field["label"] == {"zh-CN": "电话", "en": "Phone"}


def test_generated_keys_are_unique_valid_and_not_reserved(doc):
    assert new_field_key(doc, form="lead", label={"zh-CN": "手机"}, widget_type="phone") == (
        "phone_2"
    )
    assert new_field_key(doc, form="lead", label={"en": "ID"}, widget_type="text") == "id_2"
    assert new_field_key(doc, form="lead", label={"en": "2nd email!"}, widget_type="email") == (
        "nd_email"
    )
    assert slug_key("  ", fallback="text") == "text"
    assert len(slug_key("x" * 90, fallback="text")) == 40


def test_adding_a_duplicate_key_is_refused(doc):
    with pytest.raises(EditError) as info:
        add_field(doc, form="lead", section="basic", widget_type="text", key="name")
    assert "name" in info.value.text("en") and "字段" in info.value.text("zh-CN")


def test_choice_widgets_start_with_their_default_options(doc):
    new = add_field(doc, form="lead", section="origin", widget_type="select", key="channel")
    _s, _i, field = find_field(new, form="lead", key="channel")
    assert [o["key"] for o in field["config"]["options"]] == ["option_1", "option_2"]
    assert validate_app_document(new) == []


def test_move_within_and_between_sections(doc):
    moved = move_field(doc, form="lead", key="title", section="basic", index=0)
    assert keys(moved, "basic")[:2] == ["title", "name"]
    across = move_field(doc, form="lead", key="email", section="origin", index=1)
    assert "email" not in keys(across, "basic")
    assert keys(across, "origin")[:2] == ["source", "email"]
    assert keys(doc, "basic")[2] == "email"
    assert validate_app_document(across) == []


def test_remove_field_also_drops_it_from_list_columns(doc):
    doc = add_field(doc, form="lead", section="basic", widget_type="text", key="memo")
    doc["forms"][0]["list_fields"].append("memo")
    doc["forms"][0]["title_field"] = "memo"
    new = remove_field(doc, form="lead", key="memo")
    lead = new["forms"][0]
    assert "memo" not in keys(new, "basic")
    assert "memo" not in lead["list_fields"] and "title_field" not in lead
    assert "memo" in doc["forms"][0]["list_fields"]


def test_update_properties_and_clearing_them(doc):
    new = update_field(
        doc,
        form="lead",
        key="phone",
        changes={
            "required": True,
            "label": {"zh-CN": " 手机号 ", "en": ""},
            "help": {"zh-CN": "", "en": ""},
            "width": 2,
        },
    )
    _s, _i, phone = find_field(new, form="lead", key="phone")
    assert phone["required"] is True
    assert phone["label"] == {"zh-CN": "手机号"}
    assert "help" not in phone and phone["width"] == 2
    cleared = update_field(new, form="lead", key="phone", changes={"required": False})
    assert "required" not in find_field(cleared, form="lead", key="phone")[2]


def test_an_empty_label_is_kept_for_validation_to_name_it(doc):
    new = update_field(doc, form="lead", key="phone", changes={"label": {"zh-CN": "", "en": ""}})
    paths = [e.path for e in validate_app_document(new)]
    assert "/forms/0/sections/0/fields/1/label" in paths


def test_unknown_property_is_refused(doc):
    with pytest.raises(EditError):
        update_field(doc, form="lead", key="phone", changes={"colour": "red"})


def test_update_config_rules(doc):
    new = update_field_config(
        doc, form="lead", key="name", changes={"max_length": 50, "pattern": "^[^0-9]+$"}
    )
    assert find_field(new, form="lead", key="name")[2]["config"] == {
        "max_length": 50,
        "pattern": "^[^0-9]+$",
    }
    bad = update_field_config(doc, form="lead", key="name", changes={"max_length": -1})
    assert any(e.path.endswith("/config/max_length") for e in validate_app_document(bad))
    gone = update_field_config(new, form="lead", key="name", changes={"max_length": None})
    assert find_field(gone, form="lead", key="name")[2]["config"] == {"pattern": "^[^0-9]+$"}


def test_options_add_relabel_reorder_remove(doc):
    def option_keys(d):
        return [
            o["key"] for o in find_field(d, form="lead", key="industry")[2]["config"]["options"]
        ]

    new = add_option(doc, form="lead", key="industry", label={"zh-CN": "医疗", "en": "Healthcare"})
    assert option_keys(new)[-1] == "healthcare"
    new = add_option(new, form="lead", key="industry", label={"zh-CN": "能源"})
    assert option_keys(new)[-1] == "option_8"
    new = update_option(new, form="lead", key="industry", option="option_8", label="新能源")
    order = list(reversed(option_keys(new)))
    new = reorder_options(new, form="lead", key="industry", order=order)
    assert option_keys(new) == order
    new = remove_option(new, form="lead", key="industry", option="other")
    assert "other" not in option_keys(new)
    assert validate_app_document(new) == []
    assert option_keys(doc)[0] == "manufacturing"


def test_reorder_must_be_a_permutation(doc):
    with pytest.raises(EditError):
        reorder_options(doc, form="lead", key="industry", order=["finance"])
    with pytest.raises(EditError):
        add_option(doc, form="lead", key="name", label="x")
