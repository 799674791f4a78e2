"""Scoring model documents: the template's defaults are CONTRACT.md's table; bad models are
refused with JSON paths."""

import copy

from tessera.builder import load_template, validate_app_document
from tessera.builder.scoring import validate_scoring_model


def _model():
    return load_template("leads")["scoring"]["lead"]


def test_the_template_defaults_are_the_contract_table():
    model = _model()
    points = {r["key"]: r["points"] for r in model["rules"]}
    assert points == {
        "title_director": 20,
        "title_manager": 10,
        "company_size_over_500": 15,
        "target_industry": 10,
        "company_email": 5,
        "viewed_pricing": 15,
        "downloaded_content": 10,
        "attended_webinar": 15,
        "watched_demo": 10,
        "clicked_email": 5,
    }
    events = {
        r["key"]: (r["event"]["type"], r.get("max_times")) for r in model["rules"] if "event" in r
    }
    assert events["viewed_pricing"] == ("page_view", 1)
    assert model["rules"][5]["event"]["where"] == [
        {"prop": "page", "op": "in", "value": ["pricing", "solution"]}
    ]
    assert all(times == 1 for _, times in events.values())
    assert model["decay"] == [
        {
            "key": "inactive_30_days",
            "label": model["decay"][0]["label"],
            "inactive_days": 30,
            "points": -10,
        }
    ]
    assert model["grades"] == [
        {"grade": "A", "min": 81},
        {"grade": "B", "min": 60},
        {"grade": "C", "min": 40},
        {"grade": "D", "min": None},
    ]
    assert model["thresholds"][0]["key"] == "sales_ready" and model["thresholds"][0]["min"] == 80
    assert validate_app_document(load_template("leads")) == []


def test_bad_models_are_refused_with_paths():
    doc = load_template("leads")
    model = doc["scoring"]["lead"]
    model["rules"][2]["points"] = "many"
    model["rules"][3]["when"]["field"] = "sector"
    model["rules"][1]["key"] = "title_director"
    model["rules"].append(
        {
            "key": "both",
            "when": {"field": "name", "op": "is_empty"},
            "event": {"type": "x"},
            "points": 1,
        }
    )
    model["grades"][0]["grade"] = "S"
    paths = {e.path for e in validate_app_document(doc)}
    assert {
        "/scoring/lead/rules/2/points",
        "/scoring/lead/rules/3/when/field",
        "/scoring/lead/rules/1/key",
        "/scoring/lead/rules/10",
        "/scoring/lead/grades/0/grade",
    } <= paths


def test_a_model_for_a_form_that_does_not_exist_is_refused():
    doc = load_template("leads")
    doc["scoring"]["prospect"] = copy.deepcopy(doc["scoring"]["lead"])
    assert any(e.path == "/scoring/prospect" for e in validate_app_document(doc))


def test_one_model_validates_against_its_form():
    doc = load_template("leads")
    assert validate_scoring_model(_model(), doc, "lead") == []
    broken = _model()
    broken["rules"][0]["when"] = {"field": "industry", "op": "contains", "value": "x"}
    assert [e.path for e in validate_scoring_model(broken, doc, "lead")] == ["/rules/0/when/op"]


def test_a_grade_field_with_a_malformed_option_is_an_error_not_a_crash():
    """Found by the API fuzz test: an option key that is a list made the scoring checks
    raise TypeError (a 500 on publish) instead of naming the option."""
    doc = copy.deepcopy(load_template("leads"))
    lead = next(f for f in doc["forms"] if f["key"] == "lead")
    grade = next(f for s in lead["sections"] for f in s["fields"] if f["key"] == "grade")
    grade["config"]["options"][0]["key"] = ["A"]
    paths = [e.path for e in validate_app_document(doc)]
    assert any(p.endswith("/config/options/0/key") for p in paths)
