"""Regular expressions RE2 cannot run in linear time are refused when the document is saved,
with the path of the pattern (tessera/builder/pattern_check.py)."""

from tessera.builder import load_template, validate_app_document

NAME = "/forms/0/sections/0/fields/0"
COMPANY = "/forms/0/sections/0/fields/3"


def _errors(doc) -> dict:
    return {e.path: e for e in validate_app_document(doc)}


def test_a_visibility_pattern_with_a_backreference_is_refused_at_its_path():
    doc = load_template("leads")
    company = doc["forms"][0]["sections"][0]["fields"][3]
    company["visible_if"] = {"any": [{"field": "name", "op": "matches", "value": r"(\w)\1"}]}
    error = _errors(doc)[f"{COMPANY}/visible_if/any/0/value"]
    assert error.code == "bad_pattern"
    assert "backreferences" in error.message and "反向引用" in error.message_zh


def test_a_scoring_rule_with_lookahead_is_refused_at_its_path():
    doc = load_template("leads")
    doc["scoring"]["lead"]["rules"][0]["when"] = {
        "field": "title",
        "op": "matches",
        "value": "(?=.*总监)",
    }
    error = _errors(doc)["/scoring/lead/rules/0/when/value"]
    assert "lookahead" in error.message


def test_a_text_field_pattern_is_checked_too():
    doc = load_template("leads")
    doc["forms"][0]["sections"][0]["fields"][0]["config"]["pattern"] = "^(a|b)\\2$"
    assert "backreferences" in _errors(doc)[f"{NAME}/config/pattern"].message


def test_patterns_re2_runs_are_accepted():
    doc = load_template("leads")
    doc["forms"][0]["sections"][0]["fields"][0]["config"]["pattern"] = "(a+)+$"
    doc["scoring"]["lead"]["rules"][0]["when"] = {
        "field": "title",
        "op": "matches",
        "value": "总监$",
    }
    assert validate_app_document(doc) == []
