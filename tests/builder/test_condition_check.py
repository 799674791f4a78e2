"""The one checker: every condition of a draft (visibility, scoring rules and their event
filters) is compiled against its form's fields when the document is validated, so operand
types, options and event filters are refused at save with a JSON path and zh-CN wording,
not found later by the runtime."""

import copy

import pytest

from tessera.builder import load_template, validate_app_document
from tessera.builder.condition_check import app_schemas, condition_problem
from tessera.widgets import widget_registry

NOTES = "/forms/0/sections/1/fields/4"


def errors_by_path(doc) -> dict:
    return {e.path: e for e in validate_app_document(doc)}


def notes(doc) -> dict:
    return doc["forms"][0]["sections"][1]["fields"][4]


@pytest.mark.parametrize(
    ("condition", "where", "code", "words"),
    [
        ({"field": "size", "op": "gt", "value": "many"}, "/value", "bad_value", "«many»"),
        ({"field": "size", "op": "between", "value": [1]}, "/value", "bad_value", "two values"),
        ({"field": "stage", "op": "in", "value": []}, "/value", "bad_value", "at least one"),
        ({"field": "name", "op": "eq"}, "/value", "bad_value", "needs a value"),
        (
            {"any": [{"field": "name", "op": "telepathy", "value": 1}]},
            "/any/0/op",
            "unknown_operator",
            "«telepathy»",
        ),
    ],
)
def test_visibility_operands_are_type_checked_at_save(app, condition, where, code, words):
    notes(app)["visible_if"] = condition
    error = errors_by_path(app)[f"{NOTES}/visible_if{where}"]
    assert error.code == code and words in error.message
    assert error.message_zh and error.message_zh != error.message


def test_a_visibility_condition_may_name_options_by_their_label(app):
    notes(app)["visible_if"] = {"field": "stage", "op": "eq", "value": "赢单"}
    assert validate_app_document(app) == []


def test_scoring_rule_operands_are_type_checked_at_save():
    doc = load_template("leads")
    rules = doc["scoring"]["lead"]["rules"]
    rules[2]["when"] = {"field": "company_size", "op": "gt", "value": "big"}
    rules[3]["when"] = {"field": "industry", "op": "in", "value": ["farming"]}
    errors = errors_by_path(doc)
    assert errors["/scoring/lead/rules/2/when/value"].code == "bad_value"
    assert "«farming»" in errors["/scoring/lead/rules/3/when/value"].message
    assert "「farming」" in errors["/scoring/lead/rules/3/when/value"].message_zh


def test_scoring_event_filters_are_checked_at_save():
    doc = load_template("leads")
    rule = next(r for r in doc["scoring"]["lead"]["rules"] if "event" in r)
    rule["event"]["where"] = [{"prop": "page", "op": "in", "value": []}]
    path = f"/scoring/lead/rules/{doc['scoring']['lead']['rules'].index(rule)}/event"
    error = errors_by_path(doc)[f"{path}/where/0/value"]
    assert error.message == "give a value to compare with" and error.message_zh


def test_a_link_condition_is_checked_against_the_linked_form():
    doc = load_template("leads")
    doc["scoring"]["lead"]["rules"][0]["when"] = {
        "field": "campaign",
        "op": "matches",
        "value": {"field": "region", "op": "eq", "value": "atlantis"},
    }
    error = errors_by_path(doc)["/scoring/lead/rules/0/when/value/value"]
    assert "«atlantis»" in error.message


def test_a_field_with_problems_of_its_own_is_reported_once(app):
    app["forms"][0]["sections"][0]["fields"][2]["type"] = "telepathy"  # stage
    errors = validate_app_document(app)
    assert [e.path for e in errors] == ["/forms/0/sections/0/fields/2/type"]


def test_one_checker_serves_any_place_a_condition_lives():
    schemas = app_schemas({"lead": {"size": (widget_registry.get("number"), {})}})
    problem = condition_problem(
        {"field": "size", "op": "contains", "value": "x"}, schemas["lead"], "/reports/0/filter"
    )
    assert (problem.path, problem.code) == ("/reports/0/filter/op", "unsupported_operator")
    assert condition_problem({"field": "size", "op": "gt", "value": 3}, schemas["lead"], "") is None


def test_the_template_passes_the_checker():
    assert validate_app_document(copy.deepcopy(load_template("leads"))) == []
