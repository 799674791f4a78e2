"""Date and time parsing shared by date and datetime."""

import datetime as dt

import pytest

from tessera.widgets import FieldError, WidgetContext
from tessera.widgets.temporal import as_utc, local, parse_date, parse_datetime

CTX = WidgetContext(timezone="Asia/Shanghai")


def test_as_utc_treats_naive_as_utc():
    naive = dt.datetime(2026, 11, 23, 2, 0)
    assert as_utc(naive) == dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.UTC)
    assert local(naive, CTX).hour == 10


def test_parse_date_and_datetime_agree_on_days():
    assert parse_date("2026年1月5日", ctx=CTX) == dt.date(2026, 1, 5)
    assert parse_datetime("2026-01-05", ctx=CTX) == dt.datetime(2026, 1, 4, 16, 0, tzinfo=dt.UTC)


def test_long_input_is_refused_without_regex_work():
    with pytest.raises(FieldError):
        parse_date("2026-11-23" + " " * 10_000 + "x", ctx=CTX)
    with pytest.raises(FieldError):
        parse_datetime("9" * 100_000, ctx=CTX)
