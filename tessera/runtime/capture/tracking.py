"""Visitor tokens: a signed reference to one record that lets a website's page-view snippet
report visits of a known lead without holding an API token.

A token can do one thing only: add ``page_view`` events to its own record. It is handed out
after a public submission (the thank-you page and the JSON answer) and can be put in email
links (``?tl=<token>``).
"""

from __future__ import annotations

from dataclasses import dataclass

from itsdangerous import BadSignature, URLSafeSerializer

SALT = "tessera.visitor.v1"
MAX_TOKEN = 200


@dataclass(frozen=True)
class Visitor:
    """The record a visitor token names."""

    app_key: str
    form_key: str
    record_id: int


def visitor_token(secret_key: str, visitor: Visitor) -> str:
    """A URL-safe, signed token for ``visitor``.

    Example::

        visitor_token(settings.secret_key, Visitor("leads", "lead", 12))
    """
    serializer = URLSafeSerializer(secret_key, salt=SALT)
    return serializer.dumps([visitor.app_key, visitor.form_key, visitor.record_id])


def read_visitor_token(secret_key: str, token) -> Visitor | None:
    """The visitor a token names, or None when it is malformed, forged or not a string."""
    if not isinstance(token, str) or not token or len(token) > MAX_TOKEN:
        return None
    try:
        app_key, form_key, record_id = URLSafeSerializer(secret_key, salt=SALT).loads(token)
    except (BadSignature, ValueError, TypeError):
        return None
    if not (isinstance(app_key, str) and isinstance(form_key, str) and isinstance(record_id, int)):
        return None
    return Visitor(app_key, form_key, record_id)
