"""The form designer in real Chromium: drag from the palette, edit properties, reorder options
by drag, publish, then use the published form; two tabs; archive and restore with values.

The module shares one server (and one draft of ``leads``); each test reads the draft's state
when it starts instead of assuming a fresh one.
"""

from __future__ import annotations

import re

import sqlalchemy as sa

from tessera.runtime import publishing
from tessera.runtime.catalog import AppCatalog
from tessera.runtime.store.records import RecordStore
from tests.browser.pages import expect, field, submit

DESIGNER = "/design/leads/form/lead"


def revision(page) -> int:
    return int(page.get_attribute("#designer", "data-revision"))


def wait_saved(page, before: int) -> None:
    """Wait until the designer shows the draft saved one revision later."""
    page.wait_for_selector(f'#designer[data-revision="{before + 1}"]')


def section_keys(page, section: str) -> list[str]:
    return page.eval_on_selector_all(
        f'.field-list[data-section="{section}"] > .field-card',
        "cards => cards.map(c => c.dataset.key)",
    )


def draft(engine) -> dict:
    with engine.connect() as conn:
        return publishing.load_draft(conn, "leads")[0]


def publish(page, base_url: str, note: str) -> None:
    page.goto(base_url + "/design/leads")
    page.fill("#publish-note", note)
    page.click("#publish-button")
    expect(page.locator(".flash-success")).to_be_visible()


def test_drag_a_phone_field_in_set_required_reorder_options_publish_and_fill(
    signed_in_page, live_server, db_engine
):
    page = signed_in_page
    page.goto(live_server.url + DESIGNER)
    assert section_keys(page, "basic")[1:3] == ["phone", "email"]

    # Drop on the upper-left corner of «email»: Sortable puts it before email.
    rev = revision(page)
    page.drag_and_drop(
        '.palette-item[data-type="phone"]',
        '.field-card[data-key="email"]',
        target_position={"x": 8, "y": 6},
    )
    wait_saved(page, rev)
    keys = section_keys(page, "basic")
    assert keys[1:4] == ["phone", "phone_2", "email"], keys
    expect(page.locator('.field-card[data-key="phone_2"]')).to_have_class(re.compile("selected"))

    rev = revision(page)
    page.fill("#prop-label-zh", "办公电话")
    page.press("#prop-label-zh", "Tab")
    wait_saved(page, rev)
    rev = revision(page)
    page.check("#prop-required")
    wait_saved(page, rev)
    expect(page.locator('.field-card[data-key="phone_2"] .required')).to_be_visible()

    # Reorder the industry options: drag «其他» (last) above «制造业» (first).
    rev = revision(page)
    page.click("#select-industry")
    page.wait_for_selector("#options-list")
    page.drag_and_drop(
        '.option-row[data-option="other"] .drag-handle',
        '.option-row[data-option="manufacturing"] .drag-handle',
        target_position={"x": 4, "y": 2},
    )
    # A function, not an expression string: the page's CSP refuses eval (no 'unsafe-eval').
    page.wait_for_function(
        "rev => Number(document.querySelector('#designer').dataset.revision) > rev", arg=rev
    )
    page.wait_for_load_state("networkidle")
    expect(page.locator(".option-row").first).to_have_attribute("data-option", "other")
    industry = next(
        f
        for s in draft(db_engine)["forms"][0]["sections"]
        for f in s["fields"]
        if f["key"] == "industry"
    )
    labels = [o["label"]["zh-CN"] for o in industry["config"]["options"]]
    assert labels == ["其他", "制造业", "金融", "教育", "互联网", "零售"]

    publish(page, live_server.url, "新增办公电话，必填")

    page.goto(live_server.url + "/a/leads/lead/new")
    fields = page.eval_on_selector_all(
        "form.record-form fieldset:first-of-type .field", "els => els.map(e => e.dataset.field)"
    )
    assert fields[1:4] == ["phone", "phone_2", "email"], fields
    expect(field(page, "phone_2").locator("label")).to_contain_text("办公电话")
    expect(field(page, "phone_2").locator(".required")).to_be_visible()
    options = page.eval_on_selector_all(
        "#industry option", "os => os.filter(o => o.value).map(o => o.textContent.trim())"
    )
    assert options[0] == "其他", options
    page.fill("#name", "设计器测试")
    response = submit(page)
    assert response.status == 422
    expect(field(page, "phone_2").locator(".field-error")).to_be_visible()


def test_a_second_tab_gets_the_conflict_message_and_nothing_is_lost(
    signed_in_page, live_server, db_engine
):
    first = signed_in_page
    second = first.context.new_page()
    first.goto(live_server.url + DESIGNER)
    second.goto(live_server.url + DESIGNER)
    before = section_keys(first, "basic")

    rev = revision(first)
    first.click("#down-name")  # the keyboard alternative of a drag
    wait_saved(first, rev)
    after = section_keys(first, "basic")
    assert after[:2] == [before[1], "name"]

    second.click("#down-title" if "title" in before else f"#down-{before[-1]}")
    conflict = second.locator("#conflict")
    expect(conflict).to_be_visible()
    expect(conflict).to_have_attribute("role", "alert")
    expect(conflict.locator("button")).to_be_visible()  # «reload the draft»
    assert section_keys(second, "basic") == before  # the page was not wiped
    saved = draft(db_engine)["forms"][0]["sections"][0]["fields"]
    assert [f["key"] for f in saved] == after  # the first tab's change is kept

    second.click("#conflict button")
    second.wait_for_load_state()
    assert section_keys(second, "basic") == after
    second.close()


def test_removing_a_field_with_values_warns_then_restoring_brings_them_back(
    signed_in_page, live_server, db_engine
):
    # A field of our own (nothing else in the app refers to it), published, then filled in.
    page = signed_in_page
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(live_server.url + DESIGNER)
    rev = revision(page)
    page.focus("#add-textarea")
    page.keyboard.press("Enter")  # the keyboard alternative of dragging from the palette
    wait_saved(page, rev)
    key = page.get_attribute("#designer", "data-selected")
    assert key.startswith("paragraph")
    publish(page, live_server.url, "新增备注")
    with db_engine.begin() as conn:
        form = AppCatalog().get(conn, "leads").form("lead")
        for i in range(2):
            RecordStore(conn, form).create({"name": f"归档测试{i}", key: f"备注{i}"})
    table = sa.Table("r_leads__lead", sa.MetaData(), autoload_with=db_engine)

    page.goto(live_server.url + DESIGNER)
    rev = revision(page)
    page.click(f"#remove-{key}")
    wait_saved(page, rev)
    page.goto(live_server.url + "/design/leads")
    expect(page.locator("#deploy-plan")).to_contain_text("2 个值将被归档")
    publish(page, live_server.url, "移除备注")

    page.goto(live_server.url + DESIGNER)
    rev = revision(page)
    page.focus(f"#restore-{key}")
    page.keyboard.press("Enter")
    wait_saved(page, rev)
    page.goto(live_server.url + "/design/leads")
    expect(page.locator("#deploy-plan")).to_contain_text(f"恢复字段 lead.{key} 及其 2 个")
    publish(page, live_server.url, "恢复备注")
    with db_engine.connect() as conn:
        notes = conn.execute(
            sa.select(table.c[key]).where(table.c.name.like("归档测试%"))
        ).scalars()
        assert sorted(notes) == ["备注0", "备注1"]
    page.goto(live_server.url + "/design/leads")
    expect(page.locator("#history")).to_contain_text("恢复备注")


def test_a_stale_app_settings_save_keeps_what_was_typed(signed_in_page, live_server, db_engine):
    first = signed_in_page
    second = first.context.new_page()
    first.goto(live_server.url + "/design/leads")
    second.goto(live_server.url + "/design/leads")

    first.fill("#app-icon", "🚀")
    first.click("#app-icon >> xpath=ancestor::form//button")
    first.wait_for_url(live_server.url + "/design/leads")
    assert draft(db_engine)["icon"] == "🚀"

    second.fill("#app-label-en", "Leads, typed in the second tab")
    second.fill("#app-icon", "📞")
    second.click("#app-icon >> xpath=ancestor::form//button")
    conflict = second.locator("#conflict")
    expect(conflict).to_be_visible()
    expect(conflict).to_have_attribute("role", "alert")
    expect(second.locator("#app-label-en")).to_have_value("Leads, typed in the second tab")
    expect(second.locator("#app-icon")).to_have_value("📞")
    saved = draft(db_engine)
    assert saved["icon"] == "🚀" and saved["label"].get("en") != "Leads, typed in the second tab"

    second.click("#reload-draft")  # «reload the draft»: the first tab's save is there
    expect(second.locator("#conflict")).to_have_count(0)
    expect(second.locator("#app-icon")).to_have_value("🚀")
    second.close()


def test_build_a_visibility_group_and_the_workspace_form_follows_it(
    signed_in_page, live_server, db_engine
):
    page = signed_in_page
    page.goto(live_server.url + DESIGNER + "?field=lost_reason")

    def change(action) -> None:
        rev = revision(page)
        action()
        wait_saved(page, rev)

    # Start over: remove the template's row, then build «stage is one of 输单, 无效».
    if page.locator("#cond-remove-0").count():
        change(lambda: page.click("#cond-remove-0"))
    expect(page.locator("#cond-always")).to_be_visible()
    change(lambda: page.click("#cond-add"))
    change(lambda: page.select_option("#cond-field-0", "stage"))
    ops = page.eval_on_selector_all("#cond-op-0 option", "os => os.map(o => o.value)")
    assert "in" in ops and "contains" not in ops  # the stage widget's operators only
    change(lambda: page.select_option("#cond-op-0", "in"))
    picker = page.locator("#cond-options-0")
    change(lambda: picker.get_by_label("输单").check())
    change(lambda: page.locator("#cond-options-0").get_by_label("无效").check())

    # A second row, «any of»: a company bigger than 5000 people also shows the field.
    change(lambda: page.click("#cond-add"))
    change(lambda: page.select_option("#cond-field-1", "company_size"))
    change(lambda: page.select_option("#cond-op-1", "gt"))
    expect(page.locator("#cond-err-1")).to_be_visible()  # a value is still missing
    change(lambda: page.fill("#cond-value-1", "5000") or page.press("#cond-value-1", "Tab"))
    change(lambda: page.select_option("#cond-mode", "any"))
    expect(page.locator("#cond-err-1")).to_have_count(0)
    lost_reason = next(
        f
        for s in draft(db_engine)["forms"][0]["sections"]
        for f in s["fields"]
        if f["key"] == "lost_reason"
    )
    assert lost_reason["visible_if"] == {
        "any": [
            {"field": "stage", "op": "in", "value": ["lost", "invalid"]},
            {"field": "company_size", "op": "gt", "value": 5000},
        ]
    }
    publish(page, live_server.url, "输单原因：输单或无效时显示")

    page.goto(live_server.url + "/a/leads/lead/new")
    wrapper = field(page, "lost_reason")
    expect(wrapper).to_be_hidden()
    page.select_option("#stage", "invalid")
    expect(wrapper).to_be_visible()
    page.select_option("#stage", "new")
    expect(wrapper).to_be_hidden()
    page.fill("#company_size", "8000")
    expect(wrapper).to_be_visible()


def test_delete_a_form_then_the_never_published_app_with_the_keyboard(
    signed_in_page, live_server, db_engine
):
    from tessera.builder import blank_app
    from tessera.builder.editing_layout import add_form

    doc = add_form(blank_app("scratch", {"zh-CN": "草稿应用"}), label={"en": "Contract"})
    with db_engine.begin() as conn:
        publishing.create_app(conn, doc)
    page = signed_in_page
    page.goto(live_server.url + "/design/scratch")
    page.focus("#delete-form-contract")
    page.keyboard.press("Enter")  # opens the confirmation
    confirm = page.locator("#confirm-delete-form-contract")
    expect(confirm).to_be_visible()
    expect(confirm.locator("xpath=ancestor::form")).to_contain_text("contract")
    page.keyboard.press("Tab")
    expect(confirm).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(".flash-success")).to_be_visible()
    expect(page.locator('.form-row[data-form="contract"]')).to_have_count(0)
    assert [f["key"] for f in draft_of(db_engine, "scratch")["forms"]] == ["scratch"]

    page.focus("#delete-app-open")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(page.locator("#confirm-delete-app")).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + "/design/")
    expect(page.locator('a[href="/design/scratch"]')).to_have_count(0)


def draft_of(engine, app_key: str) -> dict:
    with engine.connect() as conn:
        return publishing.load_draft(conn, app_key)[0]
