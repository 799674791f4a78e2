"""Public pages of lead capture (no login): a link's form, its thank-you page, its QR codes
and a printable poster. Form posts carry a signed hidden token that is at once the CSRF
guard, the minimum-fill-time stamp and the idempotency key; JSON posts may send
``Idempotency-Key``. JSON posts need no rendered form (embeds and scripts use them): the
per-address and per-link rate limits are their guard.

An answer never says which record a submission landed in, new or existing: JSON gets a
receipt (``{"submission": {"id"}, "visitor_token"}``), and the visitor token names the
submission, not the record (``capture/tracking.py``)."""

from __future__ import annotations

import secrets
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from flask import (
    abort,
    current_app,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import force_locale

from tessera.runtime.capture import links as link_rows
from tessera.runtime.capture.qr import qr_png, qr_svg
from tessera.runtime.capture.spam import (
    HONEYPOT,
    TOKEN,
    FormTokens,
    SpamSettings,
    check_ip_rate,
    check_link_rate,
    honeypot_filled,
)
from tessera.runtime.capture.submissions import (
    BadKey,
    KeyReused,
    LinkClosed,
    Submission,
    receipt_id,
    submit,
    utm_of,
)
from tessera.runtime.capture.tracking import Visitor, read_visitor_token, visitor_token
from tessera.runtime.forms.html import build_form, field_attrs, input_attrs, raw_input
from tessera.runtime.forms.values import InvalidInput
from tessera.runtime.lookups import widget_context
from tessera.runtime.web.db import catalog, db, settings
from tessera.runtime.web.errors import api_error
from tessera.runtime.web.security_headers import allow_form_target
from tessera.widgets import label_text


def _link_or_404(slug: str):
    link = link_rows.get_link(db(), slug) if len(slug) <= 40 else None
    if link is None:
        abort(404)
    app = catalog().get(db(), link.app_key)
    form = app.form(link.form_key) if app is not None else None
    if form is None:
        abort(404)
    return link, app, form


def page_locale(link) -> str:
    """The link's language, else ``?lang=``, else the browser's (zh-CN by default)."""
    if link.locale in ("zh_CN", "en"):
        return link.locale
    if request.args.get("lang") in ("zh_CN", "en"):
        return request.args["lang"]
    best = request.accept_languages.best_match(["zh-CN", "zh", "en"])
    return "en" if best and best.startswith("en") else "zh_CN"


def _render(template: str, locale: str, status: int = 200, **context):
    with force_locale(locale):
        html = render_template(
            template,
            locale=locale,
            html_lang="en" if locale == "en" else "zh-CN",
            label=lambda value: _label(value, locale),
            **context,
        )
    response = make_response(html, status)
    response.headers["Cache-Control"] = "no-store"
    return response


def _label(value, locale):
    return label_text(value, locale)


def _tokens() -> FormTokens:
    return FormTokens(current_app.config["SECRET_KEY"])


def _form_page(link, app, form, locale, *, formdata=None, errors=None, token=None, status=200):
    ctx = widget_context(db(), app, locale=locale, timezone=settings().timezone)
    shown = link_rows.public_form(form, link)
    wtform = build_form(shown, ctx, db(), app, formdata=formdata)
    allow_form_target(link.redirect_url)  # the post's 303 may lead to the customer's site
    return _render(
        "public/form.html",
        locale,
        status,
        link=link,
        app=app,
        form=shown,
        wtform=wtform,
        errors=errors or {},
        ctx=ctx,
        field_attrs=field_attrs,
        input_attrs=input_attrs,
        token=token or _tokens().issue(link.slug),
        honeypot=HONEYPOT,
        token_name=TOKEN,
        action=url_for(".form_page", slug=link.slug, **utm_of(request.args)),
        embed=request.args.get("embed") == "1",
    )


def _closed(link, locale, reason, *, as_json=False):
    if as_json:
        return api_error(410, f"this link is closed ({reason})", code=f"link_{reason}")
    return _render("public/closed.html", locale, 410, link=link, reason=reason)


def form_page(slug):
    """The link's form, or a clear page saying why it is closed."""
    link, app, form = _link_or_404(slug)
    locale = page_locale(link)
    reason = link.closed_reason()
    if reason:
        return _closed(link, locale, reason)
    return _form_page(link, app, form, locale)


def submit_page(slug):
    """Store a submission: form-encoded (303 to the thank-you page) or JSON (201, a receipt)."""
    limits = SpamSettings.from_config(current_app.config)
    request.max_content_length = limits.max_body
    # A write first: on SQLite the transaction then takes the write lock at once instead of
    # failing to upgrade a read snapshot when posts arrive together.
    decision = check_ip_rate(db(), ip=request.remote_addr or "?", limits=limits)
    link, app, form = _link_or_404(slug)
    locale = page_locale(link)
    as_json = request.is_json
    if decision.allowed:
        decision = check_link_rate(db(), link_id=link.id, limits=limits)
    if not decision.allowed:
        link_rows.count(db(), link.id, "limited_count")
        response = (
            api_error(429, "too many submissions; try again later")
            if as_json
            else _render("public/closed.html", locale, 429, link=link, reason="limited")
        )
        response.headers["Retry-After"] = str(decision.retry_after)
        return response
    if as_json:
        return _submit_json(link, app, form, locale)
    return _submit_form(link, app, form, locale)


def _submit_json(link, app, form, locale):
    body = request.get_json()  # refused JSON (NUL, deep nesting …) is a 400 naming where
    if not isinstance(body, dict):
        return api_error(400, "the request body must be a JSON object")
    fields = body.get("fields") if isinstance(body.get("fields"), dict) else body
    # The trap field counts wherever a bot puts it: beside "fields" or inside.
    trapped = [str(place.pop(HONEYPOT, "") or "").strip() for place in (body, fields)]
    if any(trapped):
        link_rows.count(db(), link.id, "spam_count")
        return _receipt("s_" + secrets.token_hex(12), None)  # looks like success
    submission = Submission(
        raw=fields,
        idempotency_key=request.headers.get("Idempotency-Key"),
        utm=utm_of(request.args) or utm_of(body),
        ip=request.remote_addr,
        strict_keys=True,
    )
    ctx = widget_context(db(), app, locale=locale, timezone=settings().timezone)
    try:
        result = submit(db(), link=link, form=form, submission=submission, ctx=ctx)
    except BadKey as exc:
        message = f"Idempotency-Key: {exc}"
        return api_error(400, message, fields={"Idempotency-Key": str(exc)})
    except KeyReused:
        message = "this Idempotency-Key was already used with a different body"
        return api_error(422, message, code="key_reused", fields={"Idempotency-Key": message})
    except InvalidInput as exc:
        return api_error(422, "some fields are invalid", fields=exc.errors)
    except LinkClosed as exc:
        return _closed(link, locale, exc.reason, as_json=True)
    response = _receipt(
        receipt_id(settings().secret_key, result.submission_id), _visitor(app, form, result)
    )
    if result.replayed:
        response.headers["Idempotent-Replayed"] = "true"
    return response


def _receipt(receipt: str | None, visitor: str | None):
    response = jsonify({"submission": {"id": receipt}, "visitor_token": visitor})
    response.status_code = 201
    return response


def _submit_form(link, app, form, locale):
    if honeypot_filled(request.form):
        link_rows.count(db(), link.id, "spam_count")
        return redirect(url_for(".thanks", slug=link.slug), code=303)
    token = request.form.get(TOKEN, "")
    verdict, nonce = _tokens().check(
        token,
        slug=link.slug,
        min_age_s=SpamSettings.from_config(current_app.config).min_fill_s,
    )
    if verdict == "invalid":
        link_rows.count(db(), link.id, "spam_count")
        return _render("public/closed.html", locale, 400, link=link, reason="stale")
    shown = link_rows.public_form(form, link)
    if verdict == "too_fast":
        link_rows.count(db(), link.id, "spam_count")
        return _form_page(
            link,
            app,
            form,
            locale,
            formdata=request.form,
            token=token,
            status=422,
            errors={"_form": "too_fast"},
        )
    submission = Submission(
        raw=raw_input(shown, request.form),
        idempotency_key=nonce,
        utm=utm_of(request.args),
        ip=request.remote_addr,
    )
    ctx = widget_context(db(), app, locale=locale, timezone=settings().timezone)
    try:
        result = submit(db(), link=link, form=form, submission=submission, ctx=ctx)
    except KeyReused:
        # Sent before with other answers (back, edit, send): say so, with a fresh token, so
        # sending again is a new submission rather than a silent replay of the old one.
        return _form_page(
            link, app, form, locale, formdata=request.form, status=422, errors={"_form": "sent"}
        )
    except InvalidInput as exc:
        return _form_page(
            link,
            app,
            form,
            locale,
            formdata=request.form,
            errors=exc.errors,
            token=token,
            status=422,
        )
    except LinkClosed as exc:
        return _closed(link, locale, exc.reason)
    visitor = _visitor(app, form, result)
    if link.redirect_url:
        return redirect(_with_query(link.redirect_url, tl=visitor), code=303)
    return redirect(url_for(".thanks", slug=link.slug, tl=visitor), code=303)


def _visitor(app, form, result) -> str | None:
    """A visitor token for the submission (lets the site's snippet report this browser's
    visits); it names the submission, never the record it landed in."""
    if result.submission_id is None or result.record_id is None:
        return None
    visitor = Visitor(app.key, form.key, result.submission_id, kind="s")
    return visitor_token(settings().secret_key, visitor)


def _with_query(url: str, **params) -> str:
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True) + [
        (k, v) for k, v in params.items() if v
    ]
    return urlunsplit(parts._replace(query=urlencode(query)))


def thanks(slug):
    """The thank-you page (the link's own message, or a friendly default). Inside an
    embedding page it hands the visitor token to the site's snippet."""
    link, _app, _form = _link_or_404(slug)
    token = request.args.get("tl")
    visitor = token if read_visitor_token(settings().secret_key, token) else None
    return _render("public/thanks.html", page_locale(link), link=link, visitor=visitor)


def qr_code_svg(slug):
    """The link's QR code as SVG."""
    link, _app, _form = _link_or_404(slug)
    response = make_response(qr_svg(link_rows.link_url(settings().base_url, link.slug)))
    response.headers["Content-Type"] = "image/svg+xml"
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response


def qr_code_png(slug):
    """The link's QR code as PNG."""
    link, _app, _form = _link_or_404(slug)
    response = make_response(qr_png(link_rows.link_url(settings().base_url, link.slug)))
    response.headers["Content-Type"] = "image/png"
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response


def poster(slug):
    """A printable A4 poster: the form's title, the QR code and the short address."""
    link, app, form = _link_or_404(slug)
    locale = page_locale(link)
    return _render(
        "public/poster.html",
        locale,
        link=link,
        app=app,
        form=form,
        url=link_rows.link_url(settings().base_url, link.slug),
    )
