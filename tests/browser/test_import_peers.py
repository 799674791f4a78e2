"""Importing another CRM's export in the browser, at 390 and 1366 px in zh-CN and en: the
guessed mapping joins First and Last Name into one field and says so, the user chooses to
import rows with an unreadable optional cell left empty, and the finished import says how
many cells were emptied — never wider than the screen."""

from __future__ import annotations

import csv
import io
import re

import pytest
import sqlalchemy as sa

from tests.browser.pages import expect, sign_in
from tests.support import browser as browser_support

CASES = [
    (390, "zh-CN", "「姓名」合并了 First Name + Last Name 这几列", "有 1 个无法识别的选填单元格已留空"),
    (1366, "en-US", "«Name» combines the columns First Name + Last Name",
     "1 unreadable optional cells were left empty"),
]  # fmt: skip


@pytest.fixture
def sized_page(browser, request):
    width, locale = request.param
    options = {**browser_support.CONTEXT_OPTIONS, "viewport": {"width": width, "height": 844}}
    context = browser.new_context(**{**options, "locale": locale})
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def _hubspot(tag: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Record ID", "First Name", "Last Name", "Email", "Mobile Phone Number",
                     "Estimated Amount"])  # fmt: skip
    writer.writerow(["1", "Wei", f"Zhao{tag}", f"wei.{tag}@huadong.cn", f"136{tag:0>8}", "EUR 300"])
    writer.writerow(["2", "Na", f"Li{tag}", f"na.{tag}@huadong.cn", f"135{tag:0>8}", "¥500"])
    return out.getvalue().encode("utf-8-sig")


def _fits(page) -> bool:
    return page.evaluate("() => document.scrollingElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize(
    "sized_page, combined, emptied",
    [((w, loc), c, e) for w, loc, c, e in CASES],
    indirect=["sized_page"],
    ids=[f"{w}px-{loc}" for w, loc, *_ in CASES],
)
def test_a_hubspot_export_with_combined_names_and_an_emptied_cell(
    sized_page, live_server, db_engine, lead_table, tmp_path, combined, emptied
):
    page = sized_page
    tag = str(page.viewport_size["width"])
    sign_in(page, live_server.url)
    path = tmp_path / "hubspot-contacts.csv"
    path.write_bytes(_hubspot(tag))
    page.goto(live_server.url + "/a/leads/capture/import")
    page.set_input_files("#file", str(path))
    page.click("form.record-form .actions button[type=submit]")
    page.wait_for_url(re.compile(r"/capture/import/\d+$"))
    expect(page.locator("#map_1")).to_have_value("name")
    expect(page.locator("#map_2")).to_have_value("name")
    expect(page.locator("#map_4")).to_have_value("phone")
    expect(page.locator("#map_5")).to_have_value("est_amount")
    expect(page.locator(".import-combined")).to_contain_text(combined)
    assert _fits(page)
    page.check("#empty_bad_cells")
    page.click("button[name=action][value=start]")
    expect(page.locator(".import-status")).to_have_attribute("data-status", "done")
    expect(page.locator(".import-emptied")).to_contain_text(emptied)
    assert _fits(page)
    with db_engine.connect() as conn:
        rows = conn.execute(
            sa.select(lead_table.c.name, lead_table.c.phone, lead_table.c.est_amount).where(
                lead_table.c.name.in_([f"Wei Zhao{tag}", f"Na Li{tag}"])
            )
        ).all()
    assert sorted((r.name, r.phone, r.est_amount) for r in rows) == [
        (f"Na Li{tag}", f"+86135{tag:0>8}", 500),
        (f"Wei Zhao{tag}", f"+86136{tag:0>8}", None),
    ]
