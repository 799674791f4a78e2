"""Moments in time, stored in UTC and shown in the user's time zone."""

import datetime as dt

import pytest

from tessera.widgets import WidgetContext, widget_registry
from tests.widgets.support import refuse

moment = widget_registry.get("datetime")
TEN_AM_SHANGHAI = dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    "raw",
    [
        "2026-11-23T10:00",
        "2026-11-23 10:00",
        "2026-11-23 10:00:00",
        "2026/11/23 10:00",
        "2026年11月23日 10:00",
        "2026-11-23T10:00:00+08:00",
        "2026-11-23T02:00:00Z",
        "2026-11-23T11:00+0900",
        "2026-11-22T21:00:00-05:00",
        dt.datetime(2026, 11, 23, 10, 0),
        dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.UTC),
    ],
)
def test_offsets_and_local_times(raw, ctx):
    value = moment.normalize(raw, config={}, ctx=ctx)
    assert value == TEN_AM_SHANGHAI and value.utcoffset() == dt.timedelta(0)


def test_naive_input_is_read_in_the_context_time_zone():
    new_york = WidgetContext(timezone="America/New_York")
    assert moment.normalize("2026-11-23 10:00", config={}, ctx=new_york) == dt.datetime(
        2026, 11, 23, 15, 0, tzinfo=dt.UTC
    )


def test_fractions_of_a_second_are_dropped(ctx):
    value = moment.normalize("2026-11-23T10:00:05.123456+08:00", config={}, ctx=ctx)
    assert value == dt.datetime(2026, 11, 23, 2, 0, 5, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    "raw",
    ["soon", "2026-11-23 25:00", "2026-11-23 10:61", "2026-11-23T10:00+25:00", "10:00", "<script>"],
)
def test_nonsense_is_refused(raw, ctx, en_ctx):
    assert refuse("datetime", raw, ctx=ctx) == "请输入有效的日期时间，如 2026-11-23 10:00"
    assert (
        refuse("datetime", raw, ctx=en_ctx) == "Enter a valid date and time, e.g. 2026-11-23 10:00"
    )


def test_wrong_types_and_years_are_refused(ctx):
    assert refuse("datetime", 1763863200, ctx=ctx) == "请输入有效的日期时间，如 2026-11-23 10:00"
    assert refuse("datetime", ["2026-11-23 10:00"], ctx=ctx).startswith("请输入有效的日期时间")
    assert refuse("datetime", "1800-01-01 10:00", ctx=ctx) == "年份须在 1900 到 2200 之间"


def test_json_has_the_local_offset(ctx):
    assert moment.to_json(TEN_AM_SHANGHAI, config={}, ctx=ctx) == "2026-11-23T10:00:00+08:00"
    utc = WidgetContext(timezone="UTC")
    assert moment.to_json(TEN_AM_SHANGHAI, config={}, ctx=utc) == "2026-11-23T02:00:00+00:00"


def test_naive_values_from_sqlite_are_utc(ctx):
    naive = dt.datetime(2026, 11, 23, 2, 0)
    assert moment.to_json(naive, config={}, ctx=ctx) == "2026-11-23T10:00:00+08:00"
    assert moment.display(naive, config={}, ctx=ctx) == "2026-11-23 10:00"
    assert moment.to_form_data(naive, config={}, ctx=ctx) == "2026-11-23T10:00"


def test_display_and_form_data_are_local(ctx):
    assert moment.display(TEN_AM_SHANGHAI, config={}, ctx=ctx) == "2026-11-23 10:00"
    assert moment.to_form_data(TEN_AM_SHANGHAI, config={}, ctx=ctx) == "2026-11-23T10:00"
    new_york = WidgetContext(timezone="America/New_York")
    assert moment.to_form_data(TEN_AM_SHANGHAI, config={}, ctx=new_york) == "2026-11-22T21:00"
    field = moment.form_field(label="会议时间", config={}, required=False, ctx=ctx)
    assert field.kwargs["render_kw"] == {"type": "datetime-local"}


def test_bounds_compare_local_days(ctx):
    late = dt.datetime(2026, 12, 31, 17, 0, tzinfo=dt.UTC)  # 2027-01-01 01:00 in Shanghai
    with pytest.raises(Exception, match="2026-12-31"):
        moment.validate(late, config={"max": "2026-12-31"}, ctx=ctx)
    moment.validate(TEN_AM_SHANGHAI, config={"max": "2026-12-31"}, ctx=ctx)
