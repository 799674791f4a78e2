"""An email made ready to send: every web link rewritten to a signed click redirect, a 1×1
open pixel, the unsubscribe link (where the template put ``{{ unsubscribe_url }}``, else in a
footer), the whole HTML document, and its plain-text twin.

Done when the outbox sends the message (the signing key and the server's address are the
sender's settings), so what the flow step queued is the email as rendered for the record.

Example::

    ready = tracked(rendered_html, subject="欢迎", ref=ref, secret_key=s.secret_key,
                    base_url=s.base_url)
    ready.html, ready.text, ready.unsubscribe_url
"""

from __future__ import annotations

import html
import re
import urllib.parse
from dataclasses import dataclass

from tessera.runtime.mail.emails import UNSUBSCRIBE_MARK
from tessera.runtime.mail.html_text import html_to_text
from tessera.runtime.mail.tokens import MessageRef, sign

# The href of every <a> in the user's (simple) HTML; record values in it were escaped when
# rendered, so they cannot add tags or attributes of their own.
LINK = re.compile(r"""(<a\b[^>]*?\bhref\s*=\s*)(["'])(.*?)\2""", re.IGNORECASE | re.DOTALL)
BODY_END = re.compile(r"</body\s*>", re.IGNORECASE)
FOOTER = {
    "zh-CN": ("不想再收到这类邮件？", "退订"),
    "en": ("Don't want these emails?", "Unsubscribe"),
}
FOOTER_STYLE = "margin-top:24px;font-size:12px;color:#6b7280"


@dataclass(frozen=True)
class Ready:
    """What goes over SMTP: the HTML and text bodies and the unsubscribe URL (for the
    ``List-Unsubscribe`` header too)."""

    html: str
    text: str
    unsubscribe_url: str
    links: tuple[str, ...]  # the original URLs, in order, that now redirect through a click


def urls_for(ref: MessageRef, *, secret_key: str, base_url: str) -> dict:
    """The open, unsubscribe and (a function) click URLs of one message."""
    base = base_url.rstrip("/")
    return {
        "open": f"{base}/mail/open/{sign(secret_key, 'open', ref)}.gif",
        "unsubscribe": f"{base}/mail/unsubscribe/{sign(secret_key, 'unsubscribe', ref)}",
        "click": lambda url: f"{base}/mail/click/{sign(secret_key, 'click', ref, url)}",
    }


def tracked(body_html: str, *, subject: str, ref: MessageRef, secret_key: str, base_url: str):
    """``body_html`` (an email as rendered) ready to send, as a :class:`Ready`."""
    urls = urls_for(ref, secret_key=secret_key, base_url=base_url)
    links: list[str] = []
    placed_unsubscribe = False

    def rewrite(match: re.Match) -> str:
        nonlocal placed_unsubscribe
        raw = html.unescape(match.group(3)).strip()
        if raw.startswith(UNSUBSCRIBE_MARK):
            placed_unsubscribe = True
            new = urls["unsubscribe"]
        elif urllib.parse.urlsplit(raw).scheme.lower() in ("http", "https"):
            links.append(raw)
            new = urls["click"](raw)
        else:  # mailto:, tel:, anchors: left as they are
            return match.group(0)
        return f"{match.group(1)}{match.group(2)}{html.escape(new, quote=True)}{match.group(2)}"

    body = LINK.sub(rewrite, body_html)
    body = body.replace(UNSUBSCRIBE_MARK, html.escape(urls["unsubscribe"], quote=True))
    if not placed_unsubscribe:
        question, word = FOOTER.get(ref.language, FOOTER["zh-CN"])
        href = html.escape(urls["unsubscribe"], quote=True)
        body += f'\n<p style="{FOOTER_STYLE}">{question} <a href="{href}">{word}</a></p>'
    text = html_to_text(body)
    pixel = (
        f'<img src="{html.escape(urls["open"], quote=True)}" width="1" height="1" alt=""'
        ' style="display:block;border:0;width:1px;height:1px">'
    )
    document = _document(body, subject=subject, language=ref.language, pixel=pixel)
    return Ready(document, text, urls["unsubscribe"], tuple(links))


def _document(body: str, *, subject: str, language: str, pixel: str) -> str:
    if BODY_END.search(body):  # the user wrote a whole document: the pixel goes before </body>
        return BODY_END.sub(lambda m: pixel + m.group(0), body, count=1)
    return (
        f'<!DOCTYPE html>\n<html lang="{html.escape(language)}"><head><meta charset="utf-8">'
        f"<title>{html.escape(subject)}</title></head>\n<body>\n{body}\n{pixel}\n</body></html>\n"
    )
