"""What the builder offers for a form: fields grouped and labelled in the UI language, a
link's target fields, each field's operators from the registry with their value inputs."""

import pytest

from tessera.conditions.operators import operator_registry
from tessera.runtime.forms.condition_builder import Pickers, describe_form, input_kind
from tests.runtime.forms.condition_cases import AGREE, LEADS


def ops(catalog, key):
    return {o.op: o.input for o in catalog.field(key).ops}


def test_fields_are_labelled_and_grouped_in_the_ui_language():
    zh = describe_form(LEADS, "lead", locale="zh_CN")
    en = describe_form(LEADS, "lead", locale="en")
    assert zh.field("company_size").label == "公司规模"
    assert en.field("company_size").label == "Company size"
    assert zh.field("company_size").group != zh.field("name").group  # by section
    assert zh.field("campaign.region").label == "市场活动 › 区域"
    assert en.field("campaign.region").group == "Linked Campaign"


def test_computed_fields_are_offered_only_when_asked():
    assert describe_form(LEADS, "lead", locale="en").field("score") is None
    with_computed = describe_form(LEADS, "lead", locale="en", include_computed=True)
    assert "gt" in ops(with_computed, "score")


def test_value_inputs_follow_the_operator_and_the_field():
    catalog = describe_form(LEADS, "lead", locale="en")
    assert ops(catalog, "company_size") == {
        "eq": "number",
        "ne": "number",
        "lt": "number",
        "le": "number",
        "gt": "number",
        "ge": "number",
        "between": "number_pair",
        "is_empty": "none",
        "is_not_empty": "none",
    }
    assert ops(catalog, "industry")["in"] == "choices"
    assert ops(catalog, "industry")["eq"] == "choice"
    assert ops(catalog, "stage")["before_stage"] == "choice"
    assert ops(catalog, "title")["contains_any"] == "text_list"
    assert ops(catalog, "title")["matches"] == "pattern"
    assert ops(catalog, "owner") == {
        "eq": "user",
        "ne": "user",
        "is_me": "none",
        "in_team": "teams",
        "is_empty": "none",
        "is_not_empty": "none",
    }
    assert "matches" not in ops(catalog, "campaign")  # offered as the campaign's own fields
    assert ops(catalog, "campaign")["eq"] == "record"
    assert ops(catalog, "campaign.start_date")["within_last_days"] == "days"
    assert ops(catalog, "campaign.start_date")["between"] == "date_pair"
    assert ops(catalog, "tags")["has_any"] == "text_list"
    agree = describe_form(AGREE, "item", locale="en")
    assert ops(agree, "multi")["has_all"] == "choices"
    assert ops(agree, "ok")["eq"] == "boolean"
    assert ops(agree, "at")["between"] == "datetime_pair"


def test_choices_are_shown_by_label_in_the_ui_language():
    zh = describe_form(LEADS, "lead", locale="zh_CN").field("industry").options
    en = describe_form(LEADS, "lead", locale="en").field("industry").options
    assert {"value": "manufacturing", "label": "制造业"} in zh
    assert {"value": "manufacturing", "label": "Manufacturing"} in en


def test_a_city_field_offers_its_cities_grouped_by_province():
    cities = describe_form(LEADS, "lead", locale="zh_CN").field("city").options
    hangzhou = next(c for c in cities if c["label"] == "杭州市")
    assert hangzhou == {"value": "330100", "label": "杭州市", "group": "浙江省"}
    provinces = describe_form(LEADS, "lead", locale="zh_CN").field("province").options
    assert len(provinces) == 31 and all("group" not in p for p in provinces)


def test_pickers_come_with_the_catalog():
    pickers = Pickers(
        users=((7, "王芳"),), teams=(("east", "华东"),), records={"campaign": ((3, "#3 春季展会"),)}
    )
    data = describe_form(LEADS, "lead", locale="zh_CN", pickers=pickers).as_json()
    assert data["users"] == [{"value": 7, "label": "王芳"}]
    assert data["teams"] == [{"value": "east", "label": "华东"}]
    campaign = next(f for f in data["fields"] if f["key"] == "campaign")
    assert campaign["records"] == [{"value": 3, "label": "#3 春季展会"}]


@pytest.mark.parametrize("op", [o.type for o in operator_registry.all()])
def test_every_operator_has_a_value_input(op):
    kinds = {input_kind(op, kind, None) for kind in operator_registry.get(op).accepts}
    assert kinds and all(kinds)
