"""The visual condition builder in real Chromium: it saves every tree as the server's rule
does (round trip), and a business user builds a nested condition with the mouse and the
keyboard in the rule designer — at 1366 and 390 px, in zh-CN and English — saves it,
publishes, and sees the score change on a record."""

from __future__ import annotations

import json
import re

import pytest

from tessera.runtime.forms.condition_tree import condition_of, condition_tree
from tests.browser.pages import expect
from tests.browser.test_rule_designer import add_lead
from tests.runtime.forms.condition_cases import CASES
from tests.runtime.forms.test_condition_tree import AGREE_CATALOG

DESIGNER = "/rules/leads/lead"


def open_designer(page, live_server, *, width: int, language: str):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + DESIGNER)
    want = "en" if language == "en" else "zh-CN"
    if page.locator("html").get_attribute("lang") != want:  # the switch in the top bar
        switch = page.locator("form.lang-switch")
        switch.get_by_role("button", name="English" if language == "en" else "中文").click()
        expect(page.locator("html")).to_have_attribute("lang", want)
    expect(page.locator("#rules .cb-group").first).to_be_visible()


def test_the_script_saves_every_tree_as_the_server_does(signed_in_page, live_server):
    page = signed_in_page
    open_designer(page, live_server, width=1366, language="zh")
    trees = [condition_tree(c, AGREE_CATALOG) for c in CASES]
    saved = page.evaluate("trees => trees.map(t => window.TesseraConditionBuilder.save(t))", trees)
    assert saved == [condition_of(t) for t in trees]
    # Every rule of the page, loaded and saved again by the script, is what the server sent.
    for builder in page.locator("#rules [data-condition-builder]").all():
        sent = builder.locator("input[data-condition-value]").input_value()
        builder.evaluate("el => el.conditionBuilder.changed(false)")
        assert json.loads(
            builder.locator("input[data-condition-value]").input_value()
        ) == json.loads(sent)


TEXT = {
    "zh": {
        "size": "公司规模",
        "amount": "预计金额",
        "industry": "行业",
        "finance": "金融",
        "gt": "大于",
        "between": "介于",
        "in": "属于",
        "any": "满足以下任一条件",
    },
    "en": {
        "size": "Company size",
        "amount": "Estimated amount",
        "industry": "Industry",
        "finance": "Finance",
        "gt": "greater than",
        "between": "between",
        "in": "is any of",
        "any": "Any of these",
    },
}


@pytest.mark.parametrize("width, language", [(1366, "zh"), (390, "en"), (1366, "en"), (390, "zh")])
def test_build_a_nested_condition_save_publish_and_see_the_score(
    signed_in_page, live_server, api_token, width, language
):
    words = TEXT[language]
    lead = add_lead(
        live_server,
        api_token,
        name=f"条件{width}{language}",
        title="工程师",
        company_size=300,
        industry="finance",
        est_amount=800000,
        stage="new",
    )
    page = signed_in_page
    page.goto(f"{live_server.url}/a/leads/lead/{lead}")
    before = int(page.locator(".score-explain").get_attribute("data-score"))
    open_designer(page, live_server, width=width, language=language)
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    # Mouse: a new rule, named; its first condition «estimated amount > 500000».
    page.click("#add-rule")
    row = page.locator("#rules tr.new-rule").last
    expect(row.locator(".rule-label")).to_be_focused()
    page.keyboard.type(f"大单 {width} {language}")
    row.locator('input[name^="points-"]').fill("30")
    root = row.locator(".cb-view > fieldset.cb-group")
    root.locator(":scope > .cb-actions .cb-add-row").click()
    first = root.locator(":scope > .cb-items > li.cb-row").nth(0)
    expect(first.locator(".cb-field")).to_be_focused()
    first.locator(".cb-field").select_option(label=words["amount"])
    first = root.locator(":scope > .cb-items > li.cb-row").nth(0)
    first.locator(".cb-op").select_option(label=words["gt"])
    first.locator(".cb-value input").fill("500000")

    # Keyboard: add a group with Enter; it starts with one row and takes the focus.
    root.locator(":scope > .cb-actions .cb-add-group").focus()
    page.keyboard.press("Enter")
    group = root.locator(":scope > .cb-items fieldset.cb-nested").first
    expect(group.locator(".cb-mode")).to_be_focused()
    expect(group.locator(".cb-mode")).to_have_value("any")
    expect(group.locator(":scope > .cb-head .cb-mode option:checked")).to_have_text(words["any"])
    page.keyboard.press("Tab")  # to the group's remove button
    page.keyboard.press("Tab")  # to its first row's field
    inner = group.locator("li.cb-row").nth(0)
    expect(inner.locator(".cb-field")).to_be_focused()
    inner.locator(".cb-field").select_option(label=words["industry"])
    inner = group.locator("li.cb-row").nth(0)
    inner.locator(".cb-op").select_option(label=words["in"])
    inner.locator("label.cb-check", has_text=words["finance"]).locator("input").check()
    # A second row in the group: company size between 100 and 1000 (keyboard types them).
    group.locator(":scope > .cb-actions .cb-add-row").click()
    second = group.locator("li.cb-row").nth(1)
    second.locator(".cb-field").select_option(label=words["size"])
    second = group.locator("li.cb-row").nth(1)
    second.locator(".cb-op").select_option(label=words["between"])
    second.locator(".cb-value input").nth(0).focus()
    page.keyboard.type("100")
    page.keyboard.press("Tab")
    page.keyboard.type("1000")

    expected = {
        "all": [
            {"field": "est_amount", "op": "gt", "value": 500000},
            {
                "any": [
                    {"field": "industry", "op": "in", "value": ["finance"]},
                    {"field": "company_size", "op": "between", "value": [100, 1000]},
                ]
            },
        ]
    }
    hidden = row.locator("input[data-condition-value]")
    expect(hidden).to_have_value(json.dumps(expected, separators=(",", ":")))
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    # The live preview counts the new rule for this lead.
    page.select_option("#preview-lead", str(lead))
    expect(
        page.locator(f'#preview li[data-rule="{row.get_attribute("data-rule")}"]')
    ).to_contain_text("+30")

    page.click("#save-rules")
    expect(page.locator(".flash-success")).to_be_visible()
    saved = page.locator("#rules tr.rule-row").last
    assert json.loads(saved.locator("input[data-condition-value]").input_value()) == expected
    expect(saved.locator(".rule-label")).to_have_value(f"大单 {width} {language}")

    page.click("#open-backtest")
    page.click("#publish-rules")
    expect(page.locator(".flash-success")).to_be_visible()
    page.goto(f"{live_server.url}/a/leads/lead/{lead}")
    expect(page.locator(".score-explain")).to_have_attribute("data-score", str(before + 30))


def test_a_bad_value_is_named_by_its_place_in_the_builder(signed_in_page, live_server):
    page = signed_in_page
    open_designer(page, live_server, width=1366, language="en")
    builder = page.locator('tr[data-rule="company_size_over_500"] [data-condition-builder]')
    builder.locator("li.cb-row .cb-op").select_option("between")
    builder.locator("li.cb-row .cb-value input").nth(0).fill("100")
    page.click("#save-rules")
    error = page.locator('[data-error="company_size_over_500"]')
    expect(error).to_be_visible()
    assert re.match(r"Condition 1 › field Company size: ", error.inner_text())
    expect(page.locator('tr[data-rule="company_size_over_500"]')).to_have_class(
        "rule-row has-error"
    )
