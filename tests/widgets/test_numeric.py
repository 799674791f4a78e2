"""Number parsing shared by number, money, rating and score."""

from decimal import Decimal

import pytest

from tessera.widgets import FieldError, WidgetContext
from tessera.widgets.numeric import check_range, parse_decimal, parse_integer, plain_number

CTX = WidgetContext()


def test_parse_decimal_is_exact():
    assert parse_decimal(0.1, ctx=CTX) == Decimal("0.1")
    assert parse_decimal("1,234,567.891", ctx=CTX) == Decimal("1234567.891")
    assert parse_decimal(" ", ctx=CTX) is None


def test_parse_decimal_limit():
    assert parse_decimal("99", ctx=CTX, limit=Decimal(100)) == 99
    with pytest.raises(FieldError):
        parse_decimal("101", ctx=CTX, limit=Decimal(100))
    with pytest.raises(FieldError):
        parse_decimal("1e999", ctx=CTX)


def test_parse_integer():
    assert parse_integer("3.0", ctx=CTX) == 3 and isinstance(parse_integer(3.0, ctx=CTX), int)
    with pytest.raises(FieldError, match="请输入整数"):
        parse_integer("3.5", ctx=CTX)


def test_check_range_compares_exactly():
    check_range(0.3, config={"min": 0.3}, ctx=CTX)
    check_range(Decimal("10.00"), config={"max": 10}, ctx=CTX)
    with pytest.raises(FieldError, match="不能大于 10"):
        check_range(11, config={"max": 10}, ctx=CTX)


def test_plain_number():
    assert plain_number(1200.0) == "1200"
    assert plain_number(1200.5, grouped=True) == "1,200.5"
    assert plain_number(2.0, decimals=2) == "2.00"
    assert plain_number(Decimal("500000.00"), grouped=True) == "500,000"
