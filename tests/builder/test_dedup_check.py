"""The form-level ``dedup`` policy: schema and the builder's reference checks."""

import copy

from tessera.builder import validate_app_document
from tessera.builder.templates import load_template


def _lead_with(dedup):
    doc = copy.deepcopy(load_template("leads"))
    for form in doc["forms"]:
        if form["key"] == "lead":
            form["dedup"] = dedup
    return doc


def test_the_template_policy_is_valid():
    assert validate_app_document(load_template("leads")) == []


def test_unknown_and_non_text_fields_and_bad_policy_are_named():
    errors = validate_app_document(
        _lead_with({"match": ["nope", "est_amount"], "policy": "delete", "fuzzy_threshold": 5})
    )
    by_path = {e.path: e for e in errors}
    assert by_path["/forms/0/dedup/match/0"].code == "unknown_field"
    assert by_path["/forms/0/dedup/match/1"].code == "bad_dedup_field"
    assert "/forms/0/dedup/policy" in by_path and "/forms/0/dedup/fuzzy_threshold" in by_path
    assert "查重" in by_path["/forms/0/dedup/match/1"].message_zh
