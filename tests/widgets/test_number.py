"""Numbers."""

import pytest

from tessera.widgets import widget_registry
from tests.widgets.support import invalid, refuse

number = widget_registry.get("number")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (42, 42.0),
        ("  42 ", 42.0),
        ("1,200", 1200.0),
        ("-1,200,000.5", -1200000.5),
        ("0.5", 0.5),
        (".5", 0.5),
        ("1e3", 1000.0),
        (3.25, 3.25),
    ],
)
def test_accepts_numbers_and_numeric_text(raw, expected, ctx):
    assert number.normalize(raw, config={}, ctx=ctx) == expected


def test_rounds_to_decimals(ctx):
    assert number.normalize("3.14159", config={"decimals": 2}, ctx=ctx) == 3.14
    assert number.normalize("2.5", config={"decimals": 0}, ctx=ctx) in (2.0, 3.0)


def test_empty_is_none(ctx):
    assert number.normalize("", config={}, ctx=ctx) is None
    assert number.normalize(None, config={}, ctx=ctx) is None


@pytest.mark.parametrize(
    "raw", ["12abc", "abc", "1,2", "1,,200", "--1", "nan", "inf", "<script>", "1 2"]
)
def test_refuses_non_numeric_text(raw, ctx, en_ctx):
    assert refuse("number", raw, ctx=ctx) == "请输入数字"
    assert refuse("number", raw, ctx=en_ctx) == "Enter a number"


@pytest.mark.parametrize(
    "raw", [True, False, float("nan"), float("inf"), {"value": 1}, [1], "1" * 100]
)
def test_refuses_wrong_types_and_non_finite_values(raw, ctx):
    assert refuse("number", raw, ctx=ctx) == "请输入数字"


def test_refuses_absurd_magnitudes(ctx, en_ctx):
    assert refuse("number", 1e16, ctx=ctx) == "数值过大"
    assert refuse("number", "-2e15", ctx=en_ctx) == "The number is too large"
    assert number.normalize(1e15, config={}, ctx=ctx) == 1e15


def test_min_and_max(ctx, en_ctx):
    config = {"min": 0, "max": 100}
    assert invalid("number", -1.0, config=config, ctx=ctx) == "不能小于 0"
    assert invalid("number", 100.5, config=config, ctx=en_ctx) == "Must be at most 100"
    number.validate(0.0, config=config, ctx=ctx)
    number.validate(100.0, config=config, ctx=ctx)


def test_display_and_form_data(ctx):
    assert number.display(1200.0, config={}, ctx=ctx) == "1,200"
    assert number.display(1200.5, config={}, ctx=ctx) == "1,200.5"
    assert number.display(3.0, config={"decimals": 2}, ctx=ctx) == "3.00"
    assert number.to_form_data(1200.0, config={}) == "1200"
    assert number.to_form_data(None, config={}) == ""


def test_capabilities():
    assert number.can_be_measure and not number.can_be_dimension
    assert number.condition_type == "number"
