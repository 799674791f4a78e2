"""Money."""

from decimal import Decimal

import pytest

from tessera.widgets import widget_registry
from tests.widgets.support import invalid, refuse

money = widget_registry.get("money")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("¥500,000", "500000.00"),
        ("￥500,000.00", "500000.00"),
        ("500000.5", "500000.50"),
        (500000, "500000.00"),
        (0.1, "0.10"),
        ("RMB 1,200", "1200.00"),
        ("1200元", "1200.00"),
        ("50万", "500000.00"),
        ("50万元", "500000.00"),
        ("38,000.00 CNY", "38000.00"),
        ("0.005", "0.01"),  # half up, not banker's rounding
        ("2.675", "2.68"),
        ("-10", "-10.00"),
    ],
)
def test_amounts_in_common_spellings(raw, expected, ctx):
    value = money.normalize(raw, config={}, ctx=ctx)
    assert isinstance(value, Decimal) and value == Decimal(expected)
    assert str(value) == expected


@pytest.mark.parametrize(
    "raw", ["EUR 38,000", "€38,000", "38000 EUR", "$19.99", "US$ 20", "5万美元"]
)
def test_another_currency_is_refused_never_relabelled(raw, ctx, en_ctx):
    assert refuse("money", raw, ctx=ctx).endswith("本字段只收 CNY：请换算后再填")
    assert "this field holds CNY: convert it first" in refuse("money", raw, ctx=en_ctx)


def test_the_fields_own_currency_is_accepted_in_its_marks(ctx):
    usd = {"currency": "USD"}
    for raw in ("$19.99", "US$ 19.99", "USD 19.99", "19.99 美元"):
        assert money.normalize(raw, config=usd, ctx=ctx) == Decimal("19.99")
    assert refuse("money", "¥19.99", ctx=ctx, config=usd).startswith("金额的币种是 CNY")


@pytest.mark.parametrize("raw", ["abc", "¥", "12abc", "¥¥5", "<script>", "1,2"])
def test_refuses_non_amounts(raw, ctx, en_ctx):
    assert refuse("money", raw, ctx=ctx) == "请输入数字"
    assert refuse("money", raw, ctx=en_ctx) == "Enter a number"


@pytest.mark.parametrize("raw", [True, {"amount": 5}, [5], float("nan")])
def test_refuses_wrong_types(raw, ctx):
    assert refuse("money", raw, ctx=ctx) == "请输入数字"


def test_refuses_amounts_a_float_cannot_carry_to_the_cent(ctx):
    assert refuse("money", "20000000000000", ctx=ctx) == "数值过大"
    assert refuse("money", "10000000000万", ctx=ctx) == "数值过大"


def test_json_is_a_number_and_round_trips(ctx):
    value = money.normalize("¥9,999,999,999.99", config={}, ctx=ctx)
    api = money.to_json(value, config={}, ctx=ctx)
    assert api == 9999999999.99
    assert money.normalize(api, config={}, ctx=ctx) == value


def test_display_with_currency(ctx):
    value = Decimal("500000.00")
    assert money.display(value, config={"currency": "CNY"}, ctx=ctx) == "¥500,000.00"
    assert money.display(value, config={}, ctx=ctx) == "¥500,000.00"
    assert money.display(value, config={"currency": "USD"}, ctx=ctx) == "$500,000.00"
    assert money.display(value, config={"currency": "CHF"}, ctx=ctx) == "CHF 500,000.00"
    assert money.display(Decimal("-5"), config={}, ctx=ctx) == "-¥5.00"
    assert money.to_form_data(value, config={}) == "500000.00"


def test_min_max(ctx):
    assert invalid("money", Decimal("5.00"), config={"min": 10}, ctx=ctx) == "不能小于 10"
    money.validate(Decimal("10.00"), config={"min": 10}, ctx=ctx)


def test_column_is_exact():
    column = money.sql_type({})
    assert (column.precision, column.scale) == (18, 2) and money.storage == "decimal"
