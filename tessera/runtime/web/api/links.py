"""``POST /api/v1/apps/<app>/links``: a public link for a published form, with its QR codes."""

from __future__ import annotations

from datetime import datetime

from flask import g, jsonify, url_for

from tessera.runtime.auth.roles import SEE_ALL
from tessera.runtime.capture.links import LinkError, create_link, link_url
from tessera.runtime.web.api.common import (
    ApiError,
    json_body,
    published_form,
    request_locale,
    token_required,
)
from tessera.runtime.web.db import db, settings

OPTIONAL = ("campaign", "title", "fields", "locale", "thank_you", "redirect_url")


def _expiry(value):
    if value in (None, ""):
        return None
    try:
        stamp = datetime.fromisoformat(str(value))
    except ValueError:
        raise ApiError(
            422,
            "expires_at is not an ISO-8601 date-time",
            fields={"expires_at": "use ISO-8601, e.g. 2026-12-31T18:00:00+08:00"},
        ) from None
    if stamp.tzinfo is None:
        raise ApiError(
            422, "expires_at needs a time zone", fields={"expires_at": "add a UTC offset"}
        )
    return stamp


def link_json(link) -> dict:
    """A link as the API returns it."""
    base = settings().base_url
    return {
        "slug": link.slug,
        "url": link_url(base, link.slug),
        "qr_svg": base + url_for("public.qr_code_svg", slug=link.slug),
        "qr_png": base + url_for("public.qr_code_png", slug=link.slug),
        "form": link.form_key,
        "source": link.source,
        "campaign": link.campaign_id,
        "expires_at": link.expires_at.isoformat() if link.expires_at else None,
        "max_submissions": link.max_submissions,
        "active": link.active,
    }


@token_required
def create_public_link(app_key):
    """``{form, source, campaign?, expires_at?, max_submissions?}`` → ``{slug, url, qr_svg,
    qr_png}``; 422 naming each bad setting."""
    if g.api_user.role not in SEE_ALL:
        raise ApiError(403, "your role cannot publish links")
    app, _form = published_form(app_key)
    body = json_body()
    extra = {k: body[k] for k in OPTIONAL if k in body}
    try:
        link = create_link(
            db(),
            app,
            form_key=body.get("form"),
            source=body.get("source"),
            expires_at=_expiry(body.get("expires_at")),
            max_submissions=body.get("max_submissions"),
            actor_id=g.api_user.id,
            ui_locale=request_locale(),
            **extra,
        )
    except LinkError as exc:
        raise ApiError(422, "the link cannot be made", fields=exc.fields) from None
    response = jsonify(link_json(link))
    response.status_code = 201
    return response
