"""``POST /f/<slug>``: one submit path for form posts (a browser: 303 to the thank-you page)
and JSON posts (embeds and scripts: 201 and a receipt).

The view reads the request into :class:`PostFacts` and a :class:`Submission`; capture
decides whether to read it (:func:`admit`: rate limits, honeypot, the form token) and stores
it (:func:`submit`: exactly once, dedup, link closed); an answer object per format turns each
outcome into a response. Form posts carry a signed hidden token that is at once the CSRF
guard, the minimum-fill-time stamp and the idempotency key; JSON posts may send
``Idempotency-Key`` and need no rendered form: the rate limits are their guard.

An answer never says which record a submission landed in, new or existing: JSON gets a
receipt (``{"submission": {"id"}, "visitor_token"}``), and the visitor token names the
submission, not the record (``capture/tracking.py``).
"""

from __future__ import annotations

import secrets
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from flask import abort, current_app, jsonify, redirect, request, url_for

from tessera.runtime.capture import links as link_rows
from tessera.runtime.capture.admission import PostFacts, Verdict, admit, take_traps
from tessera.runtime.capture.spam import HONEYPOT, TOKEN, SpamSettings
from tessera.runtime.capture.submissions import (
    BadKey,
    KeyReused,
    LinkClosed,
    Submission,
    receipt_id,
    submit,
    utm_of,
)
from tessera.runtime.capture.tracking import Visitor, visitor_token
from tessera.runtime.forms.html import raw_input
from tessera.runtime.forms.values import InvalidInput
from tessera.runtime.lookups import widget_context
from tessera.runtime.web.db import db, settings
from tessera.runtime.web.errors import api_error
from tessera.runtime.web.public.pages import (
    closed_response,
    form_response,
    form_tokens,
    link_or_404,
    page_locale,
)


def submit_page(slug):
    """Store a submission: form-encoded (303 to the thank-you page) or JSON (201, a receipt)."""
    limits = SpamSettings.from_config(current_app.config)
    request.max_content_length = limits.max_body
    link, app, form = link_or_404(slug)
    answer = (JsonAnswer if request.is_json else FormAnswer)(link, app, form, page_locale(link))
    post, submission = answer.read()
    admission = admit(db(), link=link, post=post, limits=limits, tokens=form_tokens())
    if not admission.allowed:
        response = answer.refused(admission.verdict)
        if admission.verdict is Verdict.LIMITED:
            response.headers["Retry-After"] = str(admission.retry_after)
        return response
    if admission.nonce:  # a form's token names the submission: a double click stores once
        submission.idempotency_key = admission.nonce
    ctx = widget_context(db(), app, locale=answer.locale, timezone=settings().timezone)
    try:
        result = submit(db(), link=link, form=form, submission=submission, ctx=ctx)
    except BadKey as exc:
        return answer.bad_key(exc)
    except KeyReused:
        return answer.key_reused()
    except InvalidInput as exc:
        return answer.invalid(exc.errors)
    except LinkClosed as exc:
        return answer.closed(exc.reason)
    return answer.accepted(result, visitor=_visitor(app, form, result))


class JsonAnswer:
    """Reads a JSON post and answers in the API's error shape; a receipt on success."""

    def __init__(self, link, app, form, locale: str):
        self.link, self.app, self.form, self.locale = link, app, form, locale

    def read(self) -> tuple[PostFacts, Submission]:
        """The body's facts and fields: ``{"fields": {…}}`` or the fields themselves. The
        trap counts wherever a bot puts it: beside ``fields`` or inside."""
        body = request.get_json()  # refused JSON (NUL, deep nesting …) is a 400 naming where
        if not isinstance(body, dict):
            abort(api_error(400, "the request body must be a JSON object"))
        fields = body.get("fields") if isinstance(body.get("fields"), dict) else body
        post = PostFacts(ip=_ip(), is_json=True, traps=take_traps(body, fields))
        submission = Submission(
            raw=fields,
            idempotency_key=request.headers.get("Idempotency-Key"),
            utm=utm_of(request.args) or utm_of(body),
            ip=request.remote_addr,
            strict_keys=True,
        )
        return post, submission

    def refused(self, verdict: Verdict):
        """429 over a limit; spam gets a receipt that looks like success."""
        if verdict is Verdict.LIMITED:
            return api_error(429, "too many submissions; try again later")
        return _receipt("s_" + secrets.token_hex(12), None)

    def bad_key(self, exc: BadKey):
        message = f"Idempotency-Key: {exc}"
        return api_error(400, message, fields={"Idempotency-Key": str(exc)})

    def key_reused(self):
        message = "this Idempotency-Key was already used with a different body"
        return api_error(422, message, code="key_reused", fields={"Idempotency-Key": message})

    def invalid(self, errors: dict):
        return api_error(422, "some fields are invalid", fields=errors)

    def closed(self, reason: str):
        return api_error(410, f"this link is closed ({reason})", code=f"link_{reason}")

    def accepted(self, result, *, visitor: str | None):
        """201 with the receipt; ``Idempotent-Replayed`` when a retry got the first result."""
        response = _receipt(receipt_id(settings().secret_key, result.submission_id), visitor)
        if result.replayed:
            response.headers["Idempotent-Replayed"] = "true"
        return response


class FormAnswer:
    """Reads a browser's form post and answers with pages: the form again with its errors,
    a page saying why nothing was taken, or a 303 to the thank-you page."""

    def __init__(self, link, app, form, locale: str):
        self.link, self.app, self.form, self.locale = link, app, form, locale
        self.token = ""

    def read(self) -> tuple[PostFacts, Submission]:
        """The posted token and trap, and the public fields' input (nothing else is read)."""
        self.token = request.form.get(TOKEN, "")
        traps = (request.form.get(HONEYPOT) or "",)
        post = PostFacts(ip=_ip(), is_json=False, traps=traps, token=self.token)
        shown = link_rows.public_form(self.form, self.link)
        submission = Submission(
            raw=raw_input(shown, request.form), utm=utm_of(request.args), ip=request.remote_addr
        )
        return post, submission

    def refused(self, verdict: Verdict):
        """Spam is thanked (and stored nowhere); a post sent too fast gets its form back."""
        if verdict is Verdict.SPAM:
            return redirect(url_for(".thanks", slug=self.link.slug), code=303)
        if verdict is Verdict.TOO_FAST:
            return self._again({"_form": "too_fast"}, token=self.token)
        if verdict is Verdict.LIMITED:
            return closed_response(self.link, self.locale, "limited", 429)
        return self._stale()

    def bad_key(self, exc: BadKey):
        return self._stale()  # a key only comes from a token this server signed

    def key_reused(self):
        # Sent before with other answers (back, edit, send): say so, with a fresh token, so
        # sending again is a new submission rather than a silent replay of the old one.
        return self._again({"_form": "sent"})

    def invalid(self, errors: dict):
        return self._again(errors, token=self.token)

    def closed(self, reason: str):
        return closed_response(self.link, self.locale, reason)

    def accepted(self, result, *, visitor: str | None):
        """303 to the link's own address (a customer's site) or to the thank-you page."""
        if self.link.redirect_url:
            return redirect(_with_query(self.link.redirect_url, tl=visitor), code=303)
        return redirect(url_for(".thanks", slug=self.link.slug, tl=visitor), code=303)

    def _again(self, errors: dict, *, token: str | None = None):
        return form_response(
            self.link,
            self.app,
            self.form,
            self.locale,
            formdata=request.form,
            errors=errors,
            token=token,
            status=422,
        )

    def _stale(self):
        return closed_response(self.link, self.locale, "stale", 400)


def _ip() -> str:
    return request.remote_addr or "?"


def _receipt(receipt: str | None, visitor: str | None):
    response = jsonify({"submission": {"id": receipt}, "visitor_token": visitor})
    response.status_code = 201
    return response


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
