"""The shipped templates, above all the lead-management app of CONTRACT.md."""

import pytest

from tessera.builder import (
    blank_app,
    compile_app,
    list_templates,
    load_template,
    validate_app_document,
)
from tessera.registry import UnknownType

SOURCES = ["website", "sem", "social", "content", "email", "partner", "trade_show", "seminar",
           "store", "sales_self", "referral"]  # fmt: skip
INDUSTRIES = ["manufacturing", "finance", "education", "internet", "retail", "other"]

# CONTRACT.md, «The lead-management template»: form → field keys.
CONTRACT_FIELDS = {
    "lead": ["name", "phone", "email", "company", "title", "company_size", "industry", "province",
             "city", "source", "campaign", "est_amount", "stage", "lost_reason", "lifecycle",
             "owner", "score", "grade", "tags"],
    "campaign": ["name", "channel", "region", "cost", "start_date", "end_date"],
    "followup": ["lead", "method", "content", "next_at"],
    "customer": ["name", "industry", "company_size", "province", "city", "owner", "lead", "won_amount"],
}  # fmt: skip

# CONTRACT.md: (form, field) → option keys.
CONTRACT_OPTIONS = {
    ("lead", "industry"): INDUSTRIES,
    ("lead", "source"): SOURCES,
    ("lead", "stage"): ["new", "contacted", "qualified", "proposal", "negotiation", "won", "lost", "invalid"],
    ("lead", "lost_reason"): ["price", "feature", "timing", "competitor", "other"],
    ("lead", "lifecycle"): ["nurturing", "mql", "sql"],
    ("lead", "grade"): ["A", "B", "C", "D"],
    ("campaign", "channel"): SOURCES,
    ("campaign", "region"): ["national", "north_china", "east_china", "south_china", "central_china",
                             "southwest", "northwest", "northeast"],
    ("followup", "method"): ["phone", "wechat", "email", "visit", "meeting", "other"],
    ("customer", "industry"): INDUSTRIES,
}  # fmt: skip

CAMPAIGN_REGIONS_ZH = {
    "national": "全国", "north_china": "华北", "east_china": "华东", "south_china": "华南",
    "central_china": "华中", "southwest": "西南", "northwest": "西北", "northeast": "东北",
}  # fmt: skip


@pytest.fixture(scope="module")
def leads():
    return compile_app(load_template("leads"))


def option_keys(field) -> list[str]:
    return [o["key"] for o in field.config.get("options", [])]


def test_leads_template_validates():
    assert validate_app_document(load_template("leads")) == []


def test_app_key_and_labels(leads):
    assert leads.key == "leads"
    assert dict(leads.label) == {"zh-CN": "线索管理", "en": "Lead management"}
    labels = {f.key: f.label["zh-CN"] for f in leads.forms}
    assert labels == {
        "lead": "线索",
        "campaign": "市场活动",
        "followup": "跟进记录",
        "customer": "客户",
    }


def test_form_and_field_keys_are_exactly_the_contracts(leads):
    assert {f.key: list(f.field_keys) for f in leads.forms} == CONTRACT_FIELDS
    assert list(leads.navigation) == list(CONTRACT_FIELDS)


def test_option_keys_are_exactly_the_contracts(leads):
    with_options = {
        (form.key, field.key): option_keys(field)
        for form in leads.forms
        for field in form.fields
        if "options" in field.config
    }
    assert with_options == CONTRACT_OPTIONS


def test_every_option_and_field_is_bilingual(leads):
    for form in leads.forms:
        for field in form.fields:
            assert field.label.get("zh-CN") and field.label.get("en"), field.key
            for option in field.config.get("options", []):
                assert option["label"].get("zh-CN") and option["label"].get("en"), option


def test_campaign_region_labels_match_the_contract(leads):
    region = leads.form("campaign").field("region")
    assert {o["key"]: o["label"]["zh-CN"] for o in region.config["options"]} == CAMPAIGN_REGIONS_ZH


def test_lead_field_types(leads):
    lead = leads.form("lead")
    types = {f.key: f.type for f in lead.fields}
    assert types == {
        "name": "text", "phone": "phone", "email": "email", "company": "text", "title": "text",
        "company_size": "number", "industry": "select", "province": "region", "city": "region",
        "source": "select", "campaign": "link", "est_amount": "money", "stage": "stage",
        "lost_reason": "select", "lifecycle": "select", "owner": "user", "score": "score",
        "grade": "select", "tags": "tags",
    }  # fmt: skip
    assert lead.field("name").required
    assert lead.field("campaign").config["form"] == "campaign"
    assert lead.field("est_amount").config["currency"] == "CNY"
    assert lead.field("province").config["level"] == "province"
    assert dict(lead.field("city").config) == {"level": "city", "province_field": "province"}
    meanings = {o["key"]: o["meaning"] for o in lead.field("stage").config["options"]}
    assert [k for k, m in meanings.items() if m == "open"] == [
        "new",
        "contacted",
        "qualified",
        "proposal",
        "negotiation",
    ]
    assert meanings["won"] == "won" and meanings["lost"] == meanings["invalid"] == "lost"
    assert lead.field("lost_reason").visible_if == {"field": "stage", "op": "in", "value": ["lost"]}


def test_other_forms(leads):
    followup, customer = leads.form("followup"), leads.form("customer")
    assert followup.field("lead").config["form"] == "lead" and followup.field("lead").required
    assert followup.field("content").type == "textarea" and followup.field("content").required
    assert followup.field("next_at").type == "datetime"
    assert customer.field("lead").config["form"] == "lead"
    assert customer.field("won_amount").type == "money"
    assert leads.form("campaign").field("start_date").type == "date"
    for form in leads.forms:
        assert form.title_field in form.field_keys
        assert set(form.list_fields) <= set(form.field_keys)


def test_chinese_labels(leads):
    lead = leads.form("lead")
    zh = {f.key: f.label["zh-CN"] for f in lead.fields}
    assert zh["name"] == "姓名" and zh["phone"] == "手机" and zh["source"] == "线索来源"
    assert zh["lost_reason"] == "输单原因" and zh["owner"] == "负责人"
    sources = {o["key"]: o["label"]["zh-CN"] for o in lead.field("source").config["options"]}
    assert sources["sem"] == "搜索推广(SEM)" and sources["sales_self"] == "销售自拓"


def test_load_template_returns_a_fresh_copy():
    first = load_template("leads")
    first["forms"].clear()
    assert len(load_template("leads")["forms"]) == 4


def test_list_templates():
    templates = {t.key: t for t in list_templates()}
    assert templates["leads"].label["zh-CN"] == "线索管理"
    with pytest.raises(UnknownType):
        load_template("nope")


def test_blank_app_is_valid():
    doc = blank_app("contacts", {"zh-CN": "联系人", "en": "Contacts"})
    assert validate_app_document(doc) == []
    assert compile_app(doc).form("contacts").title_field == "name"
    assert validate_app_document(blank_app("notes", "笔记")) == []
