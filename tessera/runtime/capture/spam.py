"""Anti-spam without captchas: a honeypot field, a signed render time (minimum fill time,
and the form's idempotency token at once), and rate limits per IP and per link."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

import sqlalchemy as sa
from itsdangerous import BadSignature, URLSafeSerializer

from tessera.runtime import clock
from tessera.runtime.capture.ratelimit import RateDecision, hit

HONEYPOT = "hp-website"  # not a valid field key, so it never collides with a form's fields
TOKEN = "_token"
TOKEN_MAX_AGE_S = 24 * 3600


@dataclass(frozen=True)
class SpamSettings:
    """Limits of the public form (Flask config ``CAPTURE_*`` overrides them).

    Example::

        SpamSettings(ip_limit=10, link_limit=300, window_s=60, min_fill_s=2)
    """

    ip_limit: int = 10
    link_limit: int = 300
    window_s: int = 60
    min_fill_s: float = 2.0
    max_body: int = 64 * 1024

    @classmethod
    def from_config(cls, config) -> SpamSettings:
        """Read ``CAPTURE_IP_LIMIT``, ``CAPTURE_LINK_LIMIT``, ``CAPTURE_WINDOW_S``,
        ``CAPTURE_MIN_FILL_S``, ``CAPTURE_MAX_BODY`` where set."""
        names = {
            "ip_limit": "CAPTURE_IP_LIMIT",
            "link_limit": "CAPTURE_LINK_LIMIT",
            "window_s": "CAPTURE_WINDOW_S",
            "min_fill_s": "CAPTURE_MIN_FILL_S",
            "max_body": "CAPTURE_MAX_BODY",
        }
        return cls(**{k: config[v] for k, v in names.items() if v in config})


class FormTokens:
    """Signed hidden tokens: ``{slug, nonce}`` plus the time the form was rendered.

    The nonce is the submission's idempotency key; the signature binds the token to its
    link (so it also protects the public form against cross-site posts).

    Example::

        tokens = FormTokens(secret_key)
        token = tokens.issue("k7qm2x9a")
        tokens.check(token, slug="k7qm2x9a", min_age_s=2)  # -> ("ok", nonce)
    """

    def __init__(self, secret_key: str):
        self.serializer = URLSafeSerializer(secret_key, salt="tessera.capture.form")

    def issue(self, slug: str) -> str:
        """A new token for one rendering of the link's form."""
        stamp = int(clock.now().timestamp() * 1000)
        return self.serializer.dumps({"s": slug, "n": secrets.token_urlsafe(12), "t": stamp})

    def check(self, token: str, *, slug: str, min_age_s: float) -> tuple[str, str | None]:
        """``("ok", nonce)``, ``("too_fast", nonce)``, or ``("invalid", None)``."""
        if not token or len(token) > 300:
            return "invalid", None
        try:
            data = self.serializer.loads(token)
        except BadSignature:
            return "invalid", None
        if not isinstance(data, dict) or data.get("s") != slug or not data.get("n"):
            return "invalid", None
        if not isinstance(data.get("t"), int):
            return "invalid", None
        age = clock.now().timestamp() - data["t"] / 1000
        if age > TOKEN_MAX_AGE_S:
            return "invalid", None
        if age < min_age_s:
            return "too_fast", data["n"]
        return "ok", data["n"]


def check_ip_rate(conn: sa.Connection, *, ip: str, limits: SpamSettings) -> RateDecision:
    """Count a post against its IP address."""
    return hit(conn, f"ip:{ip}", limit=limits.ip_limit, window_s=limits.window_s)


def check_link_rate(conn: sa.Connection, *, link_id: int, limits: SpamSettings) -> RateDecision:
    """Count a post against its link (all visitors together)."""
    return hit(conn, f"link:{link_id}", limit=limits.link_limit, window_s=limits.window_s)
