"""The public pages of a link (no login): its form, its thank-you page, its QR codes and a
printable poster, and the page rendering the submit path (:mod:`.submit`) shares. Every page
speaks the link's language (:func:`page_locale`) and is never cached."""

from __future__ import annotations

from flask import abort, current_app, make_response, render_template, request, url_for
from flask_babel import force_locale

from tessera.runtime.capture import links as link_rows
from tessera.runtime.capture.qr import qr_png, qr_svg
from tessera.runtime.capture.spam import HONEYPOT, TOKEN, FormTokens
from tessera.runtime.capture.submissions import utm_of
from tessera.runtime.capture.tracking import read_visitor_token
from tessera.runtime.forms.html import build_form, field_attrs, input_attrs
from tessera.runtime.lookups import widget_context
from tessera.runtime.web.db import catalog, db, settings
from tessera.runtime.web.security_headers import allow_form_target
from tessera.widgets import label_text


def link_or_404(slug: str):
    """``(link, app, form)`` of a link whose form is published; 404 otherwise."""
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


def render_page(template: str, locale: str, status: int = 200, **context):
    """A public page in ``locale``, never cached (it carries a fresh form token)."""
    with force_locale(locale):
        html = render_template(
            template,
            locale=locale,
            html_lang="en" if locale == "en" else "zh-CN",
            label=lambda value: label_text(value, locale),
            **context,
        )
    response = make_response(html, status)
    response.headers["Cache-Control"] = "no-store"
    return response


def form_tokens() -> FormTokens:
    """The signer of the public forms' hidden tokens."""
    return FormTokens(current_app.config["SECRET_KEY"])


def form_response(link, app, form, locale, *, formdata=None, errors=None, token=None, status=200):
    """The link's form page; after a refused post, with what was sent, the errors beside
    their fields and the same ``token`` (or a fresh one)."""
    ctx = widget_context(db(), app, locale=locale, timezone=settings().timezone)
    shown = link_rows.public_form(form, link)
    wtform = build_form(shown, ctx, db(), app, formdata=formdata)
    allow_form_target(link.redirect_url)  # the post's 303 may lead to the customer's site
    return render_page(
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
        token=token or form_tokens().issue(link.slug),
        honeypot=HONEYPOT,
        token_name=TOKEN,
        action=url_for(".form_page", slug=link.slug, **utm_of(request.args)),
        embed=request.args.get("embed") == "1",
    )


def closed_response(link, locale, reason: str, status: int = 410):
    """The page saying why the link takes nothing (``inactive``, ``expired``, ``full``; a
    refused post's ``limited`` or ``stale``)."""
    return render_page("public/closed.html", locale, status, link=link, reason=reason)


def form_page(slug):
    """The link's form, or a clear page saying why it is closed."""
    link, app, form = link_or_404(slug)
    locale = page_locale(link)
    reason = link.closed_reason()
    if reason:
        return closed_response(link, locale, reason)
    return form_response(link, app, form, locale)


def thanks(slug):
    """The thank-you page (the link's own message, or a friendly default). Inside an
    embedding page it hands the visitor token to the site's snippet."""
    link, _app, _form = link_or_404(slug)
    token = request.args.get("tl")
    visitor = token if read_visitor_token(settings().secret_key, token) else None
    return render_page("public/thanks.html", page_locale(link), link=link, visitor=visitor)


def qr_code_svg(slug):
    """The link's QR code as SVG."""
    return _qr_response(slug, qr_svg, "image/svg+xml")


def qr_code_png(slug):
    """The link's QR code as PNG."""
    return _qr_response(slug, qr_png, "image/png")


def _qr_response(slug, draw, content_type: str):
    link, _app, _form = link_or_404(slug)
    response = make_response(draw(link_rows.link_url(settings().base_url, link.slug)))
    response.headers["Content-Type"] = content_type
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response


def poster(slug):
    """A printable A4 poster: the form's title, the QR code and the short address."""
    link, app, form = link_or_404(slug)
    locale = page_locale(link)
    return render_page(
        "public/poster.html",
        locale,
        link=link,
        app=app,
        form=form,
        url=link_rows.link_url(settings().base_url, link.slug),
    )
