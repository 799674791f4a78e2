"""Calendar dates."""

import datetime as dt

import pytest

from tessera.widgets import widget_registry
from tests.widgets.support import invalid, refuse

date = widget_registry.get("date")
DAY = dt.date(2026, 11, 23)


@pytest.mark.parametrize(
    "raw",
    [
        "2026-11-23",
        "2026/11/23",
        "2026.11.23",
        "2026年11月23日",
        "2026 年 11 月 23 日",
        " 2026-11-23 ",
        DAY,
    ],
)
def test_common_spellings(raw, ctx):
    assert date.normalize(raw, config={}, ctx=ctx) == DAY


def test_single_digit_month_and_day(ctx):
    assert date.normalize("2026-1-5", config={}, ctx=ctx) == dt.date(2026, 1, 5)


def test_an_aware_datetime_gives_the_local_day(ctx):
    late_utc = dt.datetime(2026, 11, 22, 20, 0, tzinfo=dt.UTC)  # 04:00 next day in Shanghai
    assert date.normalize(late_utc, config={}, ctx=ctx) == DAY


@pytest.mark.parametrize(
    "raw",
    ["tomorrow", "2026-02-30", "2026-13-01", "23/11/2026", "2026-11", "<script>", "2026-11-23x"],
)
def test_nonsense_is_refused(raw, ctx, en_ctx):
    assert refuse("date", raw, ctx=ctx) == "请输入有效的日期，如 2026-11-23"
    assert refuse("date", raw, ctx=en_ctx) == "Enter a valid date, e.g. 2026-11-23"


@pytest.mark.parametrize("raw", ["1899-12-31", "2201-01-01", "0001-01-01", dt.date(1066, 10, 14)])
def test_years_outside_1900_to_2200_are_refused(raw, ctx, en_ctx):
    assert refuse("date", raw, ctx=ctx) == "年份须在 1900 到 2200 之间"
    assert refuse("date", raw, ctx=en_ctx) == "The year must be between 1900 and 2200"


@pytest.mark.parametrize("raw", [20261123, ["2026-11-23"], {"$gt": ""}, True])
def test_wrong_types_are_refused(raw, ctx):
    assert refuse("date", raw, ctx=ctx) == "请输入有效的日期，如 2026-11-23"


def test_min_and_max(ctx, en_ctx):
    config = {"min": "2026-01-01", "max": "2026-12-31"}
    assert invalid("date", dt.date(2025, 12, 31), config=config, ctx=ctx) == "不能早于 2026-01-01"
    assert invalid("date", dt.date(2027, 1, 1), config=config, ctx=en_ctx) == (
        "Must be on or before 2026-12-31"
    )
    date.validate(DAY, config=config, ctx=ctx)


def test_json_form_and_display_are_iso(ctx):
    assert date.to_json(DAY, config={}, ctx=ctx) == "2026-11-23"
    assert date.to_form_data(DAY, config={}) == "2026-11-23"
    assert date.display(DAY, config={}, ctx=ctx) == "2026-11-23"
    assert date.to_json(None, config={}, ctx=ctx) is None


def test_form_field_is_a_date_input(ctx):
    field = date.form_field(label="日期", config={"min": "2026-01-01"}, required=False, ctx=ctx)
    assert field.kwargs["render_kw"] == {"type": "date", "min": "2026-01-01"}
    assert date.can_be_dimension and date.condition_type == "date"
