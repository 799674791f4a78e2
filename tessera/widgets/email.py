"""Email addresses."""

import html
import re

from tessera.widgets.base import FieldError, register, tr
from tessera.widgets.matching import EmailMatch
from tessera.widgets.textual import TextualWidget, clean_text

MAX_EMAIL = 254
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
EMAIL = re.compile(rf"(?P<local>{_ATOM}(?:\.{_ATOM})*)@(?P<domain>(?:{_LABEL}\.)+[A-Za-z]{{2,63}})")


@register
class EmailWidget(TextualWidget):
    """An email address ``local@domain.tld``; the domain is stored lower-cased.

    Example::

        EmailWidget().normalize(" Ann@Example.COM ", config={}, ctx=WidgetContext())
        # "Ann@example.com"
    """

    type = "email"
    kind = "contact"
    html_type = "email"
    address = "email"
    exact_match = EmailMatch()
    label = {"zh-CN": "邮箱", "en": "Email"}
    config_schema = {
        "type": "object",
        "properties": {"placeholder": {"type": "object"}},
        "additionalProperties": False,
    }

    def normalize(self, raw, *, config, ctx):
        text = clean_text(raw, ctx=ctx)
        if text is None:
            return None
        text = text.replace("＠", "@")  # full-width at sign from Chinese input methods
        match = EMAIL.fullmatch(text) if len(text) <= MAX_EMAIL else None
        if match is None or len(match["local"]) > 64:
            raise FieldError(
                tr(ctx.locale, "请输入有效的邮箱地址", "Enter a valid email address"),
                code="invalid_email",
            )
        return f"{match['local']}@{match['domain'].lower()}"

    def validate(self, value, *, config, ctx):
        pass

    def display_html(self, value, *, config, ctx):
        """The address as a ``mailto:`` link."""
        shown = html.escape(self.display(value, config=config, ctx=ctx))
        return f'<a href="mailto:{html.escape(value, quote=True)}">{shown}</a>' if value else shown
