"""Web links."""

import html
import re
from urllib.parse import urlsplit

from wtforms import StringField

from tessera.widgets.base import FieldError, register, tr
from tessera.widgets.textual import TextualWidget, clean_text

MAX_URL = 2000
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_HOST = re.compile(r"^(?:[\w\-]+(?:\.[\w\-]+)*\.?|\[[0-9A-Fa-f:.]+\])$")


@register
class UrlWidget(TextualWidget):
    """An http(s) link; ``https://`` is added when no scheme is given, and other schemes
    (``javascript:``, ``data:``, ``file:``) are refused.

    Example::

        UrlWidget().normalize("example.com/about", config={}, ctx=WidgetContext())
        # "https://example.com/about"
    """

    type = "url"
    kind = "contact"
    label = {"zh-CN": "网址", "en": "Link"}
    can_be_dimension = False
    config_schema = {
        "type": "object",
        "properties": {"placeholder": {"type": "object"}},
        "additionalProperties": False,
    }

    def normalize(self, raw, *, config, ctx):
        text = clean_text(raw, ctx=ctx)
        if text is None:
            return None
        invalid = FieldError(
            tr(
                ctx.locale,
                "请输入有效的网址，如 https://example.com",
                "Enter a valid link, e.g. https://example.com",
            ),
            code="invalid_url",
        )
        if len(text) > MAX_URL or any(c.isspace() for c in text):
            raise invalid
        scheme = _SCHEME.match(text)
        # "example.com:8080/x" has a port, not a scheme.
        if scheme and (
            text[scheme.end() :].startswith("//") or not text[scheme.end() :][:1].isdigit()
        ):
            if scheme.group(1).lower() not in ("http", "https"):
                raise FieldError(
                    tr(
                        ctx.locale,
                        "只支持 http 或 https 网址",
                        "Only http and https links are allowed",
                    ),
                    code="scheme",
                )
            text = scheme.group(1).lower() + text[scheme.end() - 1 :]
        else:
            text = "https://" + text.removeprefix("//")
        try:
            parts = urlsplit(text)
            host = parts.hostname or ""
            parts.port  # noqa: B018 - raises ValueError for a port that is not a number
        except ValueError:
            raise invalid from None
        if "@" in parts.netloc:
            # "https://bank.com@evil.com" goes to evil.com: a phishing shape, never needed.
            raise invalid
        if not host or not _HOST.match(host) or len(text) > MAX_URL:
            raise invalid
        return text

    def validate(self, value, *, config, ctx):
        pass

    def form_field(self, *, label, config, required, description="", ctx):
        # type="url" would make the browser refuse "example.com", which we accept.
        return StringField(
            label, description=description, render_kw={"type": "text", "inputmode": "url"}
        )

    def display_html(self, value, *, config, ctx):
        if not value:
            return ""
        href = html.escape(value, quote=True)
        return f'<a href="{href}" rel="noopener nofollow" target="_blank">{html.escape(value)}</a>'
