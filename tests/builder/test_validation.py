"""Validation of app documents: the schema, every semantic check, paths and messages."""

import re

import pytest

from tessera.builder import InvalidDocument, check_app_document, validate_app_document
from tessera.builder.templates import load_template
from tessera.conditions.operators import operators_for
from tessera.widgets import widget_registry

CJK = re.compile(r"[\u4e00-\u9fff]")
NOTES = "/forms/0/sections/1/fields/4"


def errors_by_path(doc) -> dict:
    return {e.path: e for e in validate_app_document(doc)}


def only_error(doc):
    errors = validate_app_document(doc)
    assert len(errors) == 1, [str(e) for e in errors]
    return errors[0]


def fields(doc, form=0, section=0) -> list:
    return doc["forms"][form]["sections"][section]["fields"]


def test_a_valid_document_has_no_errors(app):
    assert validate_app_document(app) == []
    check_app_document(app)


def test_not_an_object():
    error = only_error(["not", "an", "app"])
    assert error.path == ""
    assert "JSON object" in error.message


def test_every_message_has_a_chinese_wording(app):
    fields(app)[0]["type"] = "telepathy"
    fields(app)[1]["key"] = "Bad Key"
    app["navigation"].append("nowhere")
    errors = validate_app_document(app)
    assert len(errors) == 3
    for error in errors:
        assert CJK.search(error.message_zh), error
        assert error.text("zh-CN") == error.message_zh
        assert error.text("en") == error.message


# --- the JSON Schema ---------------------------------------------------------------------


def test_missing_required_property_names_it(app):
    del fields(app)[1]["label"]
    error = only_error(app)
    assert error.path == "/forms/0/sections/0/fields/1"
    assert "«label»" in error.message and "label" in error.message_zh


def test_bad_field_key_explains_the_pattern(app):
    fields(app)[1]["key"] = "E-mail"
    error = only_error(app)
    assert error.path == "/forms/0/sections/0/fields/1/key"
    assert "lower-case letters" in error.message


def test_misspelt_property_points_at_itself(app):
    fields(app)[0]["requried"] = True
    error = only_error(app)
    assert error.path == "/forms/0/sections/0/fields/0/requried"
    assert "«requried» is not a known setting" in error.message


def test_version_must_be_a_known_format(app):
    app["version"] = 3
    error = only_error(app)
    assert error.path == "/version"
    assert error.message == "The document format version must be 1 or 2."


def test_label_needs_a_language(app):
    app["forms"][0]["label"] = {}
    error = only_error(app)
    assert error.path == "/forms/0/label"
    assert "Chinese" in error.message


def test_wrong_type(app):
    fields(app)[0]["required"] = "yes"
    error = only_error(app)
    assert error.path == "/forms/0/sections/0/fields/0/required"
    assert "true or false" in error.message


def test_condition_shape_is_checked_inside_visible_if(app):
    fields(app, section=1)[4]["visible_if"] = {
        "all": [{"field": "stage", "op": "eq"}, {"field": "stage"}]
    }
    error = only_error(app)
    assert error.path == NOTES + "/visible_if/all/1"
    assert "comparison" in error.message


def test_empty_condition_group(app):
    fields(app, section=1)[4]["visible_if"] = {"any": []}
    error = only_error(app)
    assert error.path == NOTES + "/visible_if/any"
    assert "at least one condition" in error.message


# --- semantic checks ---------------------------------------------------------------------


def test_unknown_widget_type_lists_the_known_ones(app):
    fields(app)[1]["type"] = "telepathy"
    error = only_error(app)
    assert error.path == "/forms/0/sections/0/fields/1/type"
    assert "«telepathy» is not a field type" in error.message
    for known in widget_registry.keys():
        assert known in error.message


def test_widget_config_is_validated_by_the_widget(app):
    del fields(app)[2]["config"]
    fields(app, section=1)[3]["config"] = {"decimals": "two"}
    paths = errors_by_path(app)
    assert set(paths) == {
        "/forms/0/sections/0/fields/2/config",
        "/forms/0/sections/1/fields/3/config/decimals",
    }
    assert "«options» is required" in paths["/forms/0/sections/0/fields/2/config"].message


def test_unknown_config_setting(app):
    fields(app, section=1)[3]["config"] = {"decimal": 2}
    assert only_error(app).path == "/forms/0/sections/1/fields/3/config/decimal"


def test_duplicate_option_key(app):
    fields(app)[2]["config"]["options"][0]["key"] = "won"
    error = only_error(app)
    assert error.path == "/forms/0/sections/0/fields/2/config/options/1/key"
    assert error.code == "duplicate_option"
    assert "«won»" in error.message and "「won」" in error.message_zh


def test_duplicate_field_key_across_sections(app):
    fields(app, section=1)[3]["key"] = "email"
    error = only_error(app)
    assert error.path == "/forms/0/sections/1/fields/3/key"
    assert "«email»" in error.message and "«basic»" in error.message


def test_same_field_key_in_two_forms_is_fine(app):
    assert fields(app, form=1)[0]["key"] == fields(app)[0]["key"]
    assert validate_app_document(app) == []


def test_duplicate_form_key(app):
    app["forms"][1]["key"] = "contact"
    paths = errors_by_path(app)
    assert "/forms/1/key" in paths
    assert paths["/forms/1/key"].code == "duplicate_key"


def test_duplicate_section_key(app):
    app["forms"][0]["sections"][1]["key"] = "basic"
    assert only_error(app).path == "/forms/0/sections/1/key"


@pytest.mark.parametrize(
    "key", ["id", "created_at", "updated_at", "created_by", "deleted_at", "app", "form"]
)
def test_reserved_field_keys(app, key):
    fields(app, section=1)[3]["key"] = key
    error = only_error(app)
    assert error.path == "/forms/0/sections/1/fields/3/key"
    assert error.code == "reserved_key"


def test_width_beyond_columns(app):
    fields(app)[0]["width"] = 3
    assert only_error(app).path == "/forms/0/sections/0/fields/0/width"


def test_navigation_must_name_forms(app):
    app["navigation"] = ["contact", "deals"]
    error = only_error(app)
    assert error.path == "/navigation/1"
    assert "«deals» is not a form of this app" in error.message
    assert "contact, company" in error.message


def test_title_and_list_fields_must_exist(app):
    app["forms"][0]["title_field"] = "full_name"
    app["forms"][0]["list_fields"] = ["name", "phase"]
    assert set(errors_by_path(app)) == {"/forms/0/title_field", "/forms/0/list_fields/1"}


def test_link_must_name_a_form_of_the_app(app):
    fields(app, section=1)[2]["config"]["form"] = "account"
    error = only_error(app)
    assert error.path == "/forms/0/sections/1/fields/2/config/form"
    assert error.code == "unknown_form"


@pytest.mark.parametrize("target", ["nowhere", "name", "city"])
def test_city_needs_a_province_field(app, target):
    fields(app, section=1)[1]["config"]["province_field"] = target
    error = only_error(app)
    assert error.path == "/forms/0/sections/1/fields/1/config/province_field"


def test_city_cannot_use_a_city_as_its_province(app):
    fields(app, section=1)[0]["config"] = {"level": "city", "province_field": "city"}
    errors = errors_by_path(app)
    assert "/forms/0/sections/1/fields/1/config/province_field" in errors


def test_condition_on_an_unknown_field(app):
    fields(app, section=1)[4]["visible_if"] = {"field": "phase", "op": "eq", "value": "won"}
    error = only_error(app)
    assert error.path == NOTES + "/visible_if/field"
    assert "«phase»" in error.message


def test_condition_on_the_field_itself(app):
    fields(app, section=1)[4]["visible_if"] = {"field": "notes", "op": "is_empty"}
    error = only_error(app)
    assert error.path == NOTES + "/visible_if/field"
    assert error.code == "self_reference"


def test_condition_operator_must_be_the_widgets(app):
    fields(app, section=1)[4]["visible_if"] = {
        "all": [
            {"field": "name", "op": "is_not_empty"},
            {"not": {"field": "stage", "op": "gt", "value": "new"}},
        ]
    }
    error = only_error(app)
    assert error.path == NOTES + "/visible_if/all/1/not/op"
    for op in operators_for(widget_registry.get("select")):
        assert op in error.message


def test_condition_value_must_be_an_option(app):
    fields(app, section=1)[4]["visible_if"] = {
        "field": "stage",
        "op": "in",
        "value": ["won", "lost"],
    }
    error = only_error(app)
    assert error.path == NOTES + "/visible_if/value"
    assert "«lost»" in error.message


def test_all_errors_are_reported(app):
    del app["label"]
    fields(app)[0]["type"] = "telepathy"
    fields(app)[2]["config"]["options"][0]["key"] = "won"
    app["navigation"].append("deals")
    fields(app, section=1)[2]["config"]["form"] = "account"
    fields(app, section=1)[4]["visible_if"] = {"field": "phase", "op": "eq", "value": 1}
    with pytest.raises(InvalidDocument) as caught:
        check_app_document(app)
    assert {e.path for e in caught.value.errors} == {
        "",
        "/forms/0/sections/0/fields/0/type",
        "/forms/0/sections/0/fields/2/config/options/1/key",
        "/navigation/2",
        "/forms/0/sections/1/fields/2/config/form",
        NOTES + "/visible_if/field",
    }
    assert "6 problem(s)" in str(caught.value)


def test_broken_shapes_do_not_crash_the_checks(app):
    app["forms"][0]["sections"][0]["fields"] = [None, "x", {"key": 3}, {"type": []}]
    app["forms"][1]["sections"] = "none"
    app["navigation"] = [1, None]
    errors = validate_app_document(app)
    assert errors and all(isinstance(e.message, str) for e in errors)


def test_link_not_yet_pointed_at_a_form(app):
    fields(app, section=1)[2]["config"]["form"] = ""
    error = only_error(app)
    assert error.path == "/forms/0/sections/1/fields/2/config/form"
    assert "Choose the form" in error.message


def test_errors_come_in_document_order(app):
    more = fields(app, section=1)
    more.extend({"key": f"extra_{i}", "type": "text", "label": {"en": "X"}} for i in range(6))
    more[10]["type"] = "telepathy"  # /fields/10 sorts after /fields/2
    more[2]["config"]["form"] = "account"
    app["color"] = "blue"
    paths = [e.path for e in validate_app_document(app)]
    assert paths == [
        "/color",
        "/forms/0/sections/1/fields/2/config/form",
        "/forms/0/sections/1/fields/10/type",
    ]


# --- formulas ----------------------------------------------------------------------------


def add_formula(doc, key, expression):
    field = {
        "key": key,
        "type": "formula",
        "label": {"en": key},
        "config": {"expression": expression},
    }
    fields(doc, section=1).append(field)
    return f"/forms/0/sections/1/fields/{len(fields(doc, section=1)) - 1}/config/expression"


def test_a_formula_over_fields_of_its_form_is_valid(app):
    add_formula(app, "double_size", "size * 2")
    add_formula(app, "label_text", 'concat(name, " / ", email, double_size)')
    assert validate_app_document(app) == []


def test_formula_on_an_unknown_field(app):
    path = add_formula(app, "total", "size * price")
    error = only_error(app)
    assert error.path == path
    assert "«price»" in error.message and error.code == "unknown_field"


def test_formula_that_does_not_parse(app):
    path = add_formula(app, "total", "size.__class__")
    error = only_error(app)
    assert (error.path, error.code) == (path, "formula_syntax")
    assert "formula" in error.message and "公式" in error.message_zh


def test_formula_on_itself(app):
    path = add_formula(app, "total", "total + 1")
    assert (only_error(app).path, only_error(app).code) == (path, "self_reference")


def test_formulas_in_a_circle(app):
    first = add_formula(app, "a", "b + 1")
    add_formula(app, "b", "c + 1")
    add_formula(app, "c", "a * 2")
    error = only_error(app)
    assert (error.path, error.code) == (first, "formula_cycle")
    assert "a → b → c → a" in error.message


def test_region_province_cannot_name_a_province_field(app):
    fields(app, section=1)[0]["config"]["province_field"] = "city"
    assert only_error(app).path == "/forms/0/sections/1/fields/0/config"


def test_members_of_the_wrong_shape_give_errors_not_a_crash():
    # Found by the fuzz test: a draft saved over the API with an object where an option key
    # belongs made publishing fail with TypeError inside the scoring checks.
    doc = load_template("leads")
    lead = next(f for f in doc["forms"] if f["key"] == "lead")
    grade = next(f for s in lead["sections"] for f in s["fields"] if f["key"] == "grade")
    grade["config"]["options"][0]["key"] = {"not": "a key"}
    doc["scoring"]["lead"]["grades"][1]["min"] = "sixty"
    errors = validate_app_document(doc)
    assert errors and all(e.path for e in errors)
    with pytest.raises(InvalidDocument):
        check_app_document(doc)


def test_member_names_that_look_like_numbers_sort_without_a_crash(app):
    # "²".isdigit() is true but int("²") fails; 5,000 digits exceed int()'s limit.
    app["forms"][0]["sections"][0]["fields"][0]["config"] = {"²": 1, "9" * 5000: 2}
    errors = validate_app_document(app)
    assert errors and any("²" in e.path for e in errors)
