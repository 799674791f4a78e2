"""Designer edits of sections, forms and the app."""

import copy

import pytest

from tessera.builder import blank_app, load_template, validate_app_document
from tessera.builder.editing import EditError
from tessera.builder.editing_layout import (
    add_form,
    add_section,
    remove_form,
    remove_section,
    rename_form,
    rename_section,
    reorder_forms,
    reorder_sections,
    set_section_columns,
    update_app,
)


@pytest.fixture
def doc():
    return load_template("leads")


def sections(doc, form="lead"):
    return next(f for f in doc["forms"] if f["key"] == form)["sections"]


def test_add_rename_columns_and_reorder_sections(doc):
    before = copy.deepcopy(doc)
    new = add_section(doc, form="lead", label={"zh-CN": "备注", "en": "Notes"}, columns=3)
    assert sections(new)[-1] == {
        "key": "notes",
        "label": {"zh-CN": "备注", "en": "Notes"},
        "columns": 3,
        "fields": [],
    }
    new = add_section(new, form="lead", label="其他")
    assert sections(new)[-1]["key"] == "section_6"
    new = rename_section(new, form="lead", section="notes", label={"zh-CN": "附注"})
    new = set_section_columns(new, form="lead", section="basic", columns=1)
    order = [s["key"] for s in sections(new)][::-1]
    new = reorder_sections(new, form="lead", order=order)
    assert [s["key"] for s in sections(new)] == order
    assert sections(new)[-1]["columns"] == 1
    assert validate_app_document(new) == []
    assert doc == before


def test_removing_a_section_keeps_its_fields(doc):
    new = remove_section(doc, form="lead", section="company_info")
    basic = [f["key"] for f in sections(new)[0]["fields"]]
    assert basic[-4:] == ["company_size", "industry", "province", "city"]
    first = remove_section(doc, form="lead", section="basic")
    assert [f["key"] for f in sections(first)[0]["fields"]][:2] == ["name", "phone"]
    single = blank_app("contacts", "联系人")
    with pytest.raises(EditError):
        remove_section(single, form="contacts", section="basic")


def test_forms_add_rename_reorder_remove(doc):
    new = add_form(doc, label={"zh-CN": "合同", "en": "Contract"})
    assert new["forms"][-1]["key"] == "contract"
    assert new["navigation"][-1] == "contract"
    assert validate_app_document(new) == []
    new = rename_form(new, form="contract", label={"zh-CN": "销售合同"})
    order = ["contract", "lead", "campaign", "followup", "customer"]
    new = reorder_forms(new, order=order)
    assert [f["key"] for f in new["forms"]] == order and new["navigation"] == order
    new = remove_form(new, form="contract")
    assert "contract" not in new["navigation"]
    with pytest.raises(EditError):
        reorder_forms(doc, order=["lead"])
    with pytest.raises(EditError):
        add_form(doc, label="x", key="lead")


def test_app_label_icon_colour(doc):
    new = update_app(doc, label={"zh-CN": "客户线索", "en": "Leads"}, color="#16a34a", icon="")
    assert new["label"] == {"zh-CN": "客户线索", "en": "Leads"}
    assert new["color"] == "#16a34a" and "icon" not in new
    bad = update_app(doc, color="green")
    assert [e.path for e in validate_app_document(bad)] == ["/color"]
