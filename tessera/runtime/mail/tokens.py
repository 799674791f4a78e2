"""Signed tokens in an email's links: which message was opened, which of its links was
clicked, whose address asks to unsubscribe. Signed with the server's secret key (one salt per
kind), so a token cannot be made up or altered: the URL of a click redirect is inside its
token, and only URLs that were in the email are ever redirected to.
"""

from __future__ import annotations

from dataclasses import dataclass

from itsdangerous import BadSignature, URLSafeSerializer

SALTS = {
    "open": "tessera.mail.open.v1",
    "click": "tessera.mail.click.v1",
    "unsubscribe": "tessera.mail.unsubscribe.v1",
}
MAX_TOKEN = 4000


@dataclass(frozen=True)
class MessageRef:
    """One sent email: whose record, which message (the outbox key), which email document,
    to which address and in which language (``zh-CN`` or ``en``)."""

    app_key: str
    form_key: str
    record_id: int
    message_key: str
    email_key: str
    address: str
    language: str = "zh-CN"

    def as_list(self) -> list:
        return [
            self.app_key,
            self.form_key,
            self.record_id,
            self.message_key,
            self.email_key,
            self.address,
            self.language,
        ]


def sign(secret_key: str, kind: str, ref: MessageRef, *extra) -> str:
    """A URL-safe token of ``kind`` (``open``, ``click``, ``unsubscribe``) for ``ref``.

    Example::

        sign(settings.secret_key, "click", ref, "https://example.com/case")
    """
    return URLSafeSerializer(secret_key, salt=SALTS[kind]).dumps([*ref.as_list(), *extra])


def read(secret_key: str, kind: str, token) -> tuple[MessageRef, tuple] | None:
    """``(ref, extra)`` of a token of ``kind``, or None when it is malformed or forged."""
    if not isinstance(token, str) or not token or len(token) > MAX_TOKEN:
        return None
    try:
        parts = URLSafeSerializer(secret_key, salt=SALTS[kind]).loads(token)
    except (BadSignature, ValueError, TypeError):
        return None
    if not isinstance(parts, list) or len(parts) < 7:
        return None
    app_key, form_key, record_id, message_key, email_key, address, language = parts[:7]
    if not isinstance(record_id, int) or not all(
        isinstance(v, str) for v in (app_key, form_key, message_key, email_key, address, language)
    ):
        return None
    ref = MessageRef(app_key, form_key, record_id, message_key, email_key, address, language)
    return ref, tuple(parts[7:])
