"""The views behind an email's links. A token that is malformed, forged or altered answers
404, as does a click whose URL is not a web address; the policy (what an open or a click
records, who is unsubscribed) is :mod:`tessera.runtime.mail`."""

from __future__ import annotations

import urllib.parse

from flask import Response, abort, make_response, redirect, render_template, request
from flask_babel import force_locale

from tessera.runtime.mail import tokens
from tessera.runtime.mail import unsubscribe as add_unsubscribe
from tessera.runtime.mail.receipts import record_click, record_open
from tessera.runtime.mail.unsubscribes import is_unsubscribed
from tessera.runtime.store.records import RecordStore
from tessera.runtime.web.db import catalog, db, settings, writes
from tessera.widgets import label_text

# A transparent 1×1 GIF.
PIXEL = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00"
    b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)
LOCALES = {"zh-CN": "zh_CN", "en": "en"}


def _read(kind: str, token: str):
    found = tokens.read(settings().secret_key, kind, token)
    if found is None:
        abort(404)
    return found


def _form(ref):
    app = catalog().get(db(), ref.app_key)
    return app.form(ref.form_key) if app is not None else None


@writes
def opened(token: str):
    """The open pixel: records ``email_opened`` (once per message) and answers the GIF."""
    ref, _ = _read("open", token)
    form = _form(ref)
    if form is not None:
        record_open(db(), form, ref)
    response = Response(PIXEL, mimetype="image/gif")
    response.headers["Cache-Control"] = "no-store, private"
    return response


@writes
def clicked(token: str):
    """A click: records ``email_clicked`` and redirects (302) to the URL the email held."""
    ref, extra = _read("click", token)
    url = extra[0] if extra and isinstance(extra[0], str) else ""
    if urllib.parse.urlsplit(url).scheme.lower() not in ("http", "https"):
        abort(404)
    form = _form(ref)
    if form is not None:
        record_click(db(), form, ref, url)
    response = redirect(url, code=302)
    response.headers["Cache-Control"] = "no-store, private"
    return response


def _page_locale(ref) -> str:
    """The email's language, unless the reader switched (``?lang=``)."""
    if request.args.get("lang") in ("zh_CN", "en"):
        return request.args["lang"]
    return LOCALES.get(ref.language, "zh_CN")


def _render(ref, token: str, *, done: bool, status: int = 200):
    locale = _page_locale(ref)
    app = catalog().get(db(), ref.app_key)
    with force_locale(locale):
        html = render_template(
            "mail/unsubscribe.html",
            locale=locale,
            html_lang="en" if locale == "en" else "zh-CN",
            label=lambda value: label_text(value, locale),
            app_label=label_text(app.spec.label, locale) if app is not None else ref.app_key,
            address=ref.address,
            token=token,
            done=done,
        )
    response = make_response(html, status)
    response.headers["Cache-Control"] = "no-store"
    return response


def unsubscribe_page(token: str):
    """Asks to confirm (a button), or says the address is unsubscribed already."""
    ref, _ = _read("unsubscribe", token)
    return _render(ref, token, done=is_unsubscribed(db(), ref.app_key, ref.address))


def unsubscribe(token: str):
    """The page's button, or a mail client's One-Click POST (RFC 8058): the address gets no
    more email from the app; the record's timeline says so."""
    ref, _ = _read("unsubscribe", token)
    one_click = request.form.get("List-Unsubscribe") == "One-Click"
    added = add_unsubscribe(
        db(),
        ref.app_key,
        ref.address,
        via="one_click" if one_click else "page",
        form_key=ref.form_key,
        record_id=ref.record_id,
        email_key=ref.email_key,
    )
    form = _form(ref)
    if added and form is not None and RecordStore(db(), form).get(ref.record_id) is not None:
        payload = {
            "email": ref.email_key,
            "address": ref.address,
            "via": "one_click" if one_click else "page",
        }
        RecordStore(db(), form).note(ref.record_id, "unsubscribed", payload)
    if one_click:
        return Response("", status=200, mimetype="text/plain")
    return _render(ref, token, done=True)
