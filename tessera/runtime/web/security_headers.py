"""Security headers on every response, and the cookie flags that go with them.

The Content-Security-Policy allows scripts and ``<style>`` elements from this site only, plus
the inline ones a template marks with the request's nonce (``nonce="{{ csp_nonce() }}"``:
the public pages carry their small stylesheet inline, the thank-you page one script). Inline
event handlers (``onclick=…``) never run: ``static/js/page.js`` wires them from ``data-``
attributes. Style *attributes* stay allowed (``style-src-attr``): templates set CSS custom
properties such as ``--columns`` with them, and they cannot run code.

Framing: pages may be framed by this site only (the designer's live preview), except the
public form pages, whose embed on a customer's website is the point of them (``?embed=1``;
the form, its answer and the thank-you page all show inside the iframe).
"""

from __future__ import annotations

import secrets
from urllib.parse import urlsplit

from flask import current_app, g, request

# The public form as embedded: the page, what a post answers inside the iframe, thanks.
FRAMEABLE_ENDPOINTS = frozenset({"public.form_page", "public.submit_page", "public.thanks"})


def csp_nonce() -> str:
    """This response's script and style nonce (one per request), for templates.

    Example::

        <script nonce="{{ csp_nonce() }}">…</script>
    """
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return g.csp_nonce


def allow_form_target(url: str | None) -> None:
    """Let this page's form lead the browser to ``url``'s origin (a public link that sends
    visitors to the customer's own thank-you page after the post: browsers apply
    ``form-action`` to that redirect too)."""
    parts = urlsplit(url or "")
    if parts.scheme in ("http", "https") and parts.netloc:
        g.csp_form_targets = [*g.get("csp_form_targets", []), f"{parts.scheme}://{parts.netloc}"]


def content_security_policy(*, nonce: str, frameable: bool, form_targets=()) -> str:
    """The policy text for one response.

    Example::

        content_security_policy(nonce="abc", frameable=False)
    """
    directives = {
        "default-src": "'self'",
        "script-src": f"'self' 'nonce-{nonce}'",
        "style-src": f"'self' 'nonce-{nonce}'",
        "style-src-attr": "'unsafe-inline'",
        "img-src": "'self' data:",
        "connect-src": "'self'",
        "font-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'none'",
        "form-action": " ".join(["'self'", *form_targets]),
        "frame-ancestors": "*" if frameable else "'self'",
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def add_security_headers(response):
    """``after_request``: CSP, framing, no MIME sniffing, no cross-site referrer; HSTS when
    the site is served over https. Headers a view set itself are kept."""
    frameable = request.endpoint in FRAMEABLE_ENDPOINTS
    headers = response.headers
    headers.setdefault(
        "Content-Security-Policy",
        content_security_policy(
            nonce=csp_nonce(),
            frameable=frameable,
            form_targets=g.get("csp_form_targets", ()),
        ),
    )
    if not frameable:
        headers.setdefault("X-Frame-Options", "SAMEORIGIN")
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    if current_app.config.get("SESSION_COOKIE_SECURE"):  # the site is https (cookie_settings)
        headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    return response


def cookie_settings(base_url: str) -> dict:
    """Flask config for the session and remember-me cookies: HttpOnly, SameSite=Lax, and
    Secure when the site's address (``TESSERA_BASE_URL``) is https.

    Example::

        app.config.update(cookie_settings("https://crm.example.com"))
    """
    secure = base_url.lower().startswith("https://")
    return {
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": secure,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": secure,
    }
