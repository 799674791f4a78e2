"""Phone numbers, stored in E.164 with an optional extension (``+862787650000;ext=8001``)."""

import html
import re

import phonenumbers

from tessera.widgets.base import FieldError, register, tr
from tessera.widgets.matching import PhoneMatch
from tessera.widgets.textual import TextualWidget, clean_text

EXTENSION_MARK = ";ext="
# What people write for «no phone»: an empty value, not a wrong one.
PLACEHOLDERS = frozenset(
    {"-", "--", "—", "/", "无", "暂无", "没有", "未知", "不详", "n/a", "na", "none", "null", "nil"}
)
# A note after or around a number: 13805901234(微信同号), 13805901234 微信同号.
_NOTE = re.compile(r"[（(【\[][^()（）【】\[\]\d]*[)）】\]]")
_WORDS = re.compile(r"[\u4e00-\u9fff]+")
# An extension by its word: 转 123, 分机 123, ext. 8001, x8001, #8001.
_EXTENSION = re.compile(
    r"\s*(?:转|分机号?|ext(?:ension)?\.?|x|#)\s*[:：.]?\s*(\d{1,6})\s*$", re.IGNORECASE
)
# A Chinese landline with a trailing «-extension»: 010-12345678-8002, 0571-8888 6666-8002.
_DASH_EXTENSION = re.compile(r"^(\(?0\d{2,3}\)?[-\s]?\d{3,4}[-\s]?\d{4})-(\d{1,6})$")
# A North American number as it is written there: 1-800-555-0199, (415) 555-2671.
_NANP_WITH_CODE = re.compile(r"^\+?1[-.\s]\(?\d{3}\)?[-.\s]\d{3}[-.\s]\d{4}$")
_NANP_LOCAL = re.compile(r"^\(\d{3}\)\s*\d{3}[-.\s]\d{4}$|^\d{3}[-.]\d{3}[-.]\d{4}$")


def split_extension(text: str) -> tuple[str, str | None]:
    """``(number, extension)`` of what was written: ``"027-8765 0000 转 8001"`` →
    ``("027-8765 0000", "8001")``."""
    match = _EXTENSION.search(text)
    if match and match.start() > 0:
        return text[: match.start()].strip(), match.group(1)
    match = _DASH_EXTENSION.match(text)
    if match:
        return match.group(1), match.group(2)
    return text, None


def stored_parts(value: str) -> tuple[str, str | None]:
    """A stored value as ``(E.164, extension or None)``."""
    number, _, extension = value.partition(EXTENSION_MARK)
    return number, extension or None


@register
class PhoneWidget(TextualWidget):
    """A phone number, stored in E.164 (``+8613800138000``), with its extension if it has
    one (``+862787650000;ext=8001``, shown as «027 8765 0000 分机 8001»); default region CN.

    Notes around a number (``13805901234(微信同号)``) are dropped, placeholders (``无``,
    ``-``) are an empty value. A number written the way another country writes it
    (``1-800-555-0199``, ``(415) 555-2671``) is never read as a Chinese one: with its
    country code it is stored as that country's number, without one it is refused.

    Example::

        PhoneWidget().normalize("138 0013 8000", config={}, ctx=WidgetContext())
    """

    type = "phone"
    kind = "contact"
    html_type = "tel"
    address = "phone"
    exact_match = PhoneMatch()
    label = {"zh-CN": "电话", "en": "Phone"}
    config_schema = {
        "type": "object",
        "properties": {
            "region": {"type": "string", "pattern": "^[A-Z]{2}$"},
            "placeholder": {"type": "object"},
        },
        "additionalProperties": False,
    }

    def normalize(self, raw, *, config, ctx):
        text = clean_text(raw, ctx=ctx)
        if text is None or text.lower() in PLACEHOLDERS:
            return None
        region = config.get("region") or ctx.region
        text, extension = split_extension(_NOTE.sub(" ", text).strip())
        text = _WORDS.sub(" ", text).strip()
        number = _parse(text, region)
        if number is None and region == "CN" and _NANP_LOCAL.match(text):
            raise FieldError(
                tr(
                    ctx.locale,
                    "这不是中国的电话号码；国外号码请写国际区号，如 +1 415 555 2671",
                    "Not a Chinese phone number; write a foreign number with its country "
                    "code, e.g. +1 415 555 2671",
                ),
                code="foreign_phone",
            )
        if number is None:
            raise FieldError(
                tr(ctx.locale, "请输入有效的电话号码", "Enter a valid phone number"),
                code="invalid_phone",
            )
        stored = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        extension = extension or number.extension
        return f"{stored}{EXTENSION_MARK}{extension}" if extension else stored

    def validate(self, value, *, config, ctx):
        pass

    def display_html(self, value, *, config, ctx):
        """The number as shown, as a ``tel:`` link (a tap calls it on a phone)."""
        shown = html.escape(self.display(value, config=config, ctx=ctx))
        return f'<a href="tel:{html.escape(value, quote=True)}">{shown}</a>' if value else shown

    def display(self, value, *, config, ctx):
        if not value:
            return ""
        stored, extension = stored_parts(value)
        number = phonenumbers.parse(stored, None)
        region = config.get("region") or ctx.region
        if phonenumbers.region_code_for_number(number) == region:
            shown = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
        else:
            shown = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
        if extension:
            shown += tr(ctx.locale, f" 分机 {extension}", f" ext. {extension}")
        return shown


def _parse(text: str, region: str):
    """The valid number ``text`` is in ``region``, or None. A number shaped as North
    American with its country code is parsed there; in China, a landline written without
    its trunk 0 or a country code is not taken for a Chinese one (``(415) 555-2671``)."""
    if _NANP_WITH_CODE.match(text) and region != "US":
        text = "+" + text.lstrip("+")
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    if region == "CN" and number.country_code == 86 and not _written_as_chinese(text, number):
        return None
    return number


def _written_as_chinese(text: str, number) -> bool:
    digits = re.sub(r"\D", "", text)
    if text.lstrip().startswith("+") or digits.startswith(("0086", "86")) and len(digits) > 11:
        return True
    if phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.MOBILE:
        return True
    return digits.startswith("0")  # a landline is written with its trunk 0 (021-…)
