"""Shared behaviour of widgets whose value is a number (number, money, rating, score)."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from wtforms import StringField

from tessera.widgets.base import FieldError, Widget, WidgetContext, refuse_unsafe_text, tr

# Beyond this a value is a typo or an attack, not a business number; it also keeps every
# value exact in a float and inside NUMERIC(18, 2).
MAX_MAGNITUDE = Decimal("1e15")
INT32 = 2**31 - 1

# "1200", "1,200", "-1,200.50", ".5", "1e3"; commas only as thousand separators.
_NUMBER_TEXT = re.compile(
    r"[+-]?(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d{1,3})?"
)

RANGE_SCHEMA = {
    "min": {"type": "number"},
    "max": {"type": "number"},
    "placeholder": {"type": "object"},
}


def not_a_number(ctx: WidgetContext) -> FieldError:
    """The error for input that is not a number at all."""
    return FieldError(tr(ctx.locale, "请输入数字", "Enter a number"), code="type")


def parse_decimal(
    raw: Any, *, ctx: WidgetContext, limit: Decimal = MAX_MAGNITUDE
) -> Decimal | None:
    """The exact number in ``raw`` (an int, a finite float, a Decimal or text such as
    ``" 1,200.5 "``); empty → None. Booleans, NaN, infinities and magnitudes over ``limit``
    (1e15) are refused with a :class:`FieldError`.

    Example::

        parse_decimal("1,200", ctx=WidgetContext())  # Decimal("1200")
    """
    if raw is None:
        return None
    refuse_unsafe_text(raw, ctx=ctx)
    if isinstance(raw, bool):
        raise not_a_number(ctx)
    if isinstance(raw, (int, Decimal)):
        number = Decimal(raw)
    elif isinstance(raw, float):
        number = Decimal(repr(raw))  # repr keeps 0.1 as 0.1, not its binary expansion
    elif isinstance(raw, str):
        text = raw.strip()
        if not text:
            return None
        if len(text) > 40 or not _NUMBER_TEXT.fullmatch(text):
            raise not_a_number(ctx)
        number = Decimal(text.replace(",", ""))
    else:
        raise not_a_number(ctx)
    if not number.is_finite():
        raise not_a_number(ctx)
    try:
        too_big = abs(number) > limit
    except InvalidOperation:
        too_big = True
    if too_big:
        raise FieldError(tr(ctx.locale, "数值过大", "The number is too large"), code="too_large")
    return number


def parse_integer(raw: Any, *, ctx: WidgetContext) -> int | None:
    """Like :func:`parse_decimal`, for whole numbers only (``"3"``, ``3``, ``3.0``)."""
    number = parse_decimal(raw, ctx=ctx)
    if number is None:
        return None
    if number != number.to_integral_value():
        raise FieldError(tr(ctx.locale, "请输入整数", "Enter a whole number"), code="not_integer")
    if abs(number) > INT32:
        raise FieldError(tr(ctx.locale, "数值过大", "The number is too large"), code="too_large")
    return int(number)


def check_range(value: Any, *, config: dict, ctx: WidgetContext) -> None:
    """Apply ``min`` and ``max`` from a field's config (compared exactly, as decimals)."""
    lo, hi = config.get("min"), config.get("max")
    exact = Decimal(str(value))
    if lo is not None and exact < Decimal(str(lo)):
        raise FieldError(tr(ctx.locale, f"不能小于 {lo}", f"Must be at least {lo}"), code="min")
    if hi is not None and exact > Decimal(str(hi)):
        raise FieldError(tr(ctx.locale, f"不能大于 {hi}", f"Must be at most {hi}"), code="max")


def plain_number(
    value: float | int | Decimal, *, decimals: int | None = None, grouped: bool = False
) -> str:
    """``1200.0`` → ``"1200"``, ``1200.5`` → ``"1200.5"``; with ``decimals`` a fixed number
    of places; with ``grouped`` thousand separators (``"1,200.5"``)."""
    sep = "," if grouped else ""
    if decimals is not None:
        return f"{value:{sep}.{decimals}f}"
    if value == int(value):
        return f"{int(value):{sep}}"
    return f"{value:{sep}}"


class NumericWidget(Widget):
    """A number typed into a text box (so ``1,200`` is accepted); subclasses set the type."""

    value_type = "number"
    storage = "float"
    can_be_dimension = False
    can_be_measure = True
    condition_type = "number"

    def value_schema(self, config):
        return {"type": ["number", "null"]}

    def validate(self, value, *, config, ctx):
        check_range(value, config=config, ctx=ctx)

    def to_form_data(self, value, *, config, ctx=None):
        return "" if value is None else plain_number(value)

    def form_field(self, *, label, config, required, description="", ctx):
        return StringField(label, description=description, render_kw={"inputmode": "decimal"})
