"""Amounts of money, exact to the cent."""

import re
from decimal import ROUND_HALF_UP, Decimal

import sqlalchemy as sa

from tessera.widgets.base import FieldError, register, tr
from tessera.widgets.numeric import RANGE_SCHEMA, NumericWidget, parse_decimal

CENT = Decimal("0.01")
# 15 significant digits survive a trip through a JSON float exactly, cents included.
LIMIT = Decimal("1e13")
SYMBOLS = {"CNY": "¥", "USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "HKD": "HK$"}
# What people type around an amount: "¥500,000", "RMB 500000", "500000元", "US$ 20".
_PREFIX = re.compile(r"^(?:(CNY|RMB|USD|EUR|GBP|JPY|HKD)\s*)?(US\$|HK\$|[¥￥$€£])?", re.I)
_SUFFIX = re.compile(
    r"\s*(?:(元|块|圆|人民币)|(CNY|RMB|USD|EUR|GBP|JPY|HKD|美元|欧元|英镑|日元|港币|港元))$", re.I
)
# What each written mark can mean; a mark that cannot mean the field's currency is refused.
MARKS = {
    "CNY": {"CNY"}, "RMB": {"CNY"}, "USD": {"USD"}, "EUR": {"EUR"}, "GBP": {"GBP"},
    "JPY": {"JPY"}, "HKD": {"HKD"}, "US$": {"USD"}, "HK$": {"HKD"}, "$": {"USD"},
    "¥": {"CNY", "JPY"}, "￥": {"CNY", "JPY"}, "€": {"EUR"}, "£": {"GBP"},
    "元": {"CNY"}, "块": {"CNY"}, "圆": {"CNY"}, "人民币": {"CNY"}, "美元": {"USD"},
    "欧元": {"EUR"}, "英镑": {"GBP"}, "日元": {"JPY"}, "港币": {"HKD"}, "港元": {"HKD"},
}  # fmt: skip
_WAN = "万"


@register
class MoneyWidget(NumericWidget):
    """An amount in the field's currency, stored as an exact decimal with 2 places
    (rounded half up). Accepts ``"¥500,000"``, ``"500000.5"``, ``500000``, ``"50万"``.

    Example::

        MoneyWidget().normalize("¥500,000", config={}, ctx=WidgetContext())
        # Decimal("500000.00")
    """

    type = "money"
    label = {"zh-CN": "金额", "en": "Money"}
    value_type = "decimal"
    storage = "decimal"
    config_schema = {
        "type": "object",
        "properties": {**RANGE_SCHEMA, "currency": {"type": "string", "pattern": "^[A-Z]{3}$"}},
        "additionalProperties": False,
    }

    def sql_type(self, config):
        return sa.Numeric(18, 2)

    def normalize(self, raw, *, config, ctx):
        scale = 1
        if isinstance(raw, str) and raw.strip():
            text = raw.strip()
            prefix = _PREFIX.match(text)
            marks = [m.upper() for m in prefix.groups() if m]
            text = text[prefix.end() :].strip()
            suffix = _SUFFIX.search(text)
            if suffix:
                marks += [m.upper() for m in suffix.groups() if m]
                text = text[: suffix.start()].strip()
            _check_currency(marks, config.get("currency") or "CNY", ctx)
            if text.endswith(_WAN):
                text, scale = text[:-1].strip(), 10_000
            raw = text or "?"  # a bare "¥" is not an empty field
        number = parse_decimal(raw, ctx=ctx, limit=LIMIT)
        if number is None:
            return None
        number = parse_decimal(number * scale, ctx=ctx, limit=LIMIT)
        return number.quantize(CENT, rounding=ROUND_HALF_UP)

    def to_json(self, value, *, config, ctx):
        return None if value is None else float(value)

    def to_form_data(self, value, *, config, ctx=None):
        return "" if value is None else f"{Decimal(value).quantize(CENT)}"

    def display(self, value, *, config, ctx):
        if value is None:
            return ""
        currency = config.get("currency") or "CNY"
        prefix = SYMBOLS.get(currency, f"{currency} ")
        amount = Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)
        sign = "-" if amount < 0 else ""
        return f"{sign}{prefix}{abs(amount):,.2f}"

    def default_config(self):
        return {"currency": "CNY"}


def _check_currency(marks: list[str], currency: str, ctx) -> None:
    """Refuse an amount written in another currency: ``EUR 38,000`` is not ¥38,000 — it must
    be converted by the user, never relabelled."""
    for mark in marks:
        meanings = MARKS.get(mark, set())
        if meanings and currency not in meanings:
            other = sorted(meanings)[0]
            raise FieldError(
                tr(
                    ctx.locale,
                    f"金额的币种是 {other}，本字段只收 {currency}：请换算后再填",
                    f"This amount is in {other}; this field holds {currency}: convert it first",
                ),
                code="currency",
            )
