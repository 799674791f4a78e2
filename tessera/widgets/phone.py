"""Phone numbers, stored in E.164."""

import html

import phonenumbers

from tessera.widgets.base import FieldError, register, tr
from tessera.widgets.matching import PhoneMatch
from tessera.widgets.textual import TextualWidget, clean_text


@register
class PhoneWidget(TextualWidget):
    """A phone number, stored in E.164 (``+8613800138000``); default region CN.

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
        if text is None:
            return None
        region = config.get("region") or ctx.region
        try:
            number = phonenumbers.parse(text, region)
        except phonenumbers.NumberParseException:
            number = None
        if number is None or not phonenumbers.is_valid_number(number):
            raise FieldError(
                tr(ctx.locale, "请输入有效的电话号码", "Enter a valid phone number"),
                code="invalid_phone",
            )
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)

    def validate(self, value, *, config, ctx):
        pass

    def display_html(self, value, *, config, ctx):
        """The number as shown, as a ``tel:`` link (a tap calls it on a phone)."""
        shown = html.escape(self.display(value, config=config, ctx=ctx))
        return f'<a href="tel:{html.escape(value, quote=True)}">{shown}</a>' if value else shown

    def display(self, value, *, config, ctx):
        if not value:
            return ""
        number = phonenumbers.parse(value, None)
        region = config.get("region") or ctx.region
        if phonenumbers.region_code_for_number(number) == region:
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
