"""Diffs between two app documents, described in zh-CN and English."""

import copy

import pytest

from tessera.builder import diff_apps, load_template
from tessera.builder.changes import AppChanged, FormAdded, FormChanged, FormRemoved, SectionAdded
from tessera.builder.field_changes import (
    ConfigChanged,
    FieldAdded,
    FieldChanged,
    FieldMoved,
    FieldRemoved,
    FieldTypeChanged,
    OptionAdded,
    OptionChanged,
    OptionRemoved,
    OptionsReordered,
)


@pytest.fixture
def old() -> dict:
    return load_template("leads")


@pytest.fixture
def new(old) -> dict:
    return copy.deepcopy(old)


def lead_section(doc, key):
    return next(s for s in doc["forms"][0]["sections"] if s["key"] == key)


def lead_field(doc, key):
    return next(f for s in doc["forms"][0]["sections"] for f in s["fields"] if f["key"] == key)


def only(diff, kind):
    assert len(diff) == 1, diff.describe("en")
    (change,) = diff.changes
    assert isinstance(change, kind)
    return change


def test_identical_documents_have_no_changes(old, new):
    diff = diff_apps(old, new)
    assert not diff and len(diff) == 0 and diff.describe("en") == []


def test_first_publish_adds_every_form(new):
    diff = diff_apps(None, new)
    assert diff.forms_added == ("lead", "campaign", "followup", "customer")
    assert all(isinstance(c, FormAdded) for c in diff)
    assert diff.changes[0].describe("en") == 'New form "Lead" with 19 field(s).'
    assert diff.changes[0].describe("zh-CN") == "新增表单「线索」，含 19 个字段。"


def test_field_added(old, new):
    lead_section(new, "basic")["fields"].insert(
        2, {"key": "wechat", "type": "text", "label": {"zh-CN": "微信", "en": "WeChat"}}
    )
    change = only(diff_apps(old, new), FieldAdded)  # inserting moves nothing else
    assert (change.form, change.field, change.type, change.section) == (
        "lead",
        "wechat",
        "text",
        "basic",
    )
    assert change.affects_storage
    assert change.describe("en") == 'Form "Lead": new field "WeChat" (Text) in section "Basics"'
    assert (
        change.describe("zh-CN") == "表单「线索」：在分组「基本信息」中新增字段「微信」（单行文本）"
    )


def test_field_removed(old, new):
    lead_section(new, "basic")["fields"].pop(4)
    change = only(diff_apps(old, new), FieldRemoved)
    assert change.field == "title"
    assert "archived" in change.describe("en")
    assert change.describe("zh-CN").startswith("表单「线索」：字段「职位」已删除")


def test_type_change(old, new):
    lead_field(new, "title")["type"] = "textarea"
    lead_field(new, "company_size")["type"] = "text"
    del lead_field(new, "company_size")["config"]
    diff = diff_apps(old, new)
    kinds = {c.field: c for c in diff if isinstance(c, FieldTypeChanged)}
    assert (kinds["title"].old_type, kinds["title"].new_type) == ("text", "textarea")
    assert kinds["title"].lossless is True
    assert kinds["company_size"].lossless is False
    assert "cannot be converted without loss" in kinds["company_size"].describe("en")
    assert "无法无损转换" in kinds["company_size"].describe("zh-CN")
    assert not [c for c in diff if isinstance(c, ConfigChanged)]


def test_label_change_in_both_locales(old, new):
    lead_field(new, "phone")["label"] = {"zh-CN": "手机号", "en": "Mobile"}
    change = only(diff_apps(old, new), FieldChanged)
    assert change.prop == "label"
    assert (
        change.describe("en")
        == 'Form "Lead": field "Mobile": label changed from "Mobile phone" to "Mobile"'
    )
    assert change.describe("zh-CN") == "表单「线索」：字段「手机号」：名称由「手机」改为「手机号」"


def test_required_and_visibility(old, new):
    lead_field(new, "phone")["required"] = True
    del lead_field(new, "lost_reason")["visible_if"]
    diff = diff_apps(old, new)
    assert [(c.field, c.prop) for c in diff] == [
        ("phone", "required"),
        ("lost_reason", "visible_if"),
    ]
    assert "from optional to required" in diff.changes[0].describe("en")
    assert "选填" in diff.changes[0].describe("zh-CN") and "必填" in diff.changes[0].describe(
        "zh-CN"
    )


def test_options_reordered(old, new):
    options = lead_field(new, "grade")["config"]["options"]
    options.reverse()
    change = only(diff_apps(old, new), OptionsReordered)
    assert change.old_order == ("A", "B", "C", "D") and change.new_order == ("D", "C", "B", "A")
    assert change.describe("en").endswith("options reordered from A, B, C, D to D, C, B, A")
    assert change.describe("zh-CN").endswith("选项顺序由 A, B, C, D 改为 D, C, B, A")


def test_options_added_removed_relabelled(old, new):
    options = lead_field(new, "industry")["config"]["options"]
    options.append({"key": "energy", "label": {"zh-CN": "能源", "en": "Energy"}})
    options.pop(3)  # internet
    options[0]["label"] = {"zh-CN": "制造", "en": "Manufacturing"}
    diff = diff_apps(old, new)
    assert [type(c) for c in diff] == [OptionChanged, OptionAdded, OptionRemoved]
    assert (
        diff.changes[0]
        .describe("zh-CN")
        .endswith("选项 manufacturing 的名称由「制造业」改为「制造」")
    )
    assert diff.changes[1].describe("en").endswith('new option "Energy" (energy)')
    assert diff.changes[2].describe("zh-CN").endswith("删除选项「互联网」（internet）")


def test_config_setting_changed(old, new):
    lead_field(new, "name")["config"]["max_length"] = 50
    lead_field(new, "company_size")["config"]["max"] = 100000
    diff = diff_apps(old, new)
    assert [(c.field, c.setting, c.old, c.new) for c in diff] == [
        ("name", "max_length", 100, 50),
        ("company_size", "max", None, 100000),
    ]
    assert diff.changes[1].describe("en").endswith('setting "max" set to 100000')


def test_field_moved_to_another_section(old, new):
    tags = lead_section(new, "followup")["fields"].pop()
    lead_section(new, "basic")["fields"].insert(0, tags)
    change = only(diff_apps(old, new), FieldMoved)
    assert (change.old_section, change.new_section, change.new_position) == ("followup", "basic", 1)
    assert change.describe("en").endswith(
        'moved from section "Follow-up" (position 7) to section "Basics" (position 1)'
    )
    assert change.describe("zh-CN").endswith(
        "由分组「跟进」（第 7 位）移到分组「基本信息」（第 1 位）"
    )


def test_field_moved_within_a_section(old, new):
    fields = lead_section(new, "basic")["fields"]
    fields.insert(0, fields.pop(2))  # email first
    change = only(diff_apps(old, new), FieldMoved)
    assert (change.field, change.old_position, change.new_position) == ("email", 3, 1)
    assert change.describe("en").endswith('moved from position 3 to 1 in section "Basics"')


def test_forms_added_and_removed(old, new):
    new["forms"].pop(2)
    new["navigation"].remove("followup")
    new["forms"].append(
        {"key": "deal", "label": {"zh-CN": "商机", "en": "Deal"},
         "sections": [{"key": "main", "fields": []}]}
    )  # fmt: skip
    diff = diff_apps(old, new)
    assert diff.forms_added == ("deal",) and diff.forms_removed == ("followup",)
    assert isinstance(diff.changes[0], AppChanged) and diff.changes[0].prop == "navigation"
    assert (
        diff.changes[-1].describe("zh-CN") == "删除表单「跟进记录」，其数据会归档保留，不会删除。"
    )
    assert {c.kind for c in diff.storage_changes} == {"form_added", "form_removed"}
    assert isinstance(diff.for_form("followup")[0], FormRemoved)


def test_changes_grouped_by_form(old, new):
    new["label"] = {"zh-CN": "线索", "en": "Leads"}
    new["forms"][0]["list_fields"] = ["name"]
    new["forms"][1]["sections"].append(
        {"key": "extra", "label": {"zh-CN": "其他", "en": "Other"}, "fields": []}
    )
    groups = diff_apps(old, new).by_form()
    assert list(groups) == [None, "lead", "campaign"]
    assert isinstance(groups["lead"][0], FormChanged)
    assert isinstance(groups["campaign"][0], SectionAdded)
    assert groups["campaign"][0].describe("en") == 'Form "Campaign": new section "Other"'
