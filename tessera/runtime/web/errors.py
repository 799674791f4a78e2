"""Error responses: JSON ``{"error": {code, message, fields?}}`` under /api, pages elsewhere."""

from __future__ import annotations

from flask import g, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from tessera.runtime.pattern_sql import UserPatternError
from tessera.runtime.web.request_input import UnsafeInput

CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid",
    429: "rate_limited",
    500: "server_error",
}


def api_error(
    status: int,
    message: str,
    *,
    code: str | None = None,
    fields: dict | None = None,
    details: dict | None = None,
):
    """A JSON error response in the contract's shape; ``details`` adds keys to the error
    object (e.g. a conflict's ``current`` record)."""
    body = {"code": code or CODES.get(status, "error"), "message": message}
    if fields:
        body["fields"] = fields
    body.update(details or {})
    response = jsonify({"error": body})
    response.status_code = status
    return response


def _wants_json() -> bool:
    # The API, page-view tracking and JSON posts (the public form's) answer in JSON.
    return request.path.startswith(("/api/", "/t/")) or request.is_json


def _unsafe_input_message(exc: UnsafeInput) -> str:
    if exc.kind == "number":
        return _("«%(field)s» must be a whole number in the allowed range.", field=exc.field)
    return _(
        "«%(field)s» contains a character that cannot be stored (a NUL or broken Unicode "
        "character). Remove it and try again.",
        field=exc.field,
    )


def install(app) -> None:
    """Register error handlers."""

    @app.errorhandler(CSRFError)
    def _csrf(exc):
        if _wants_json():
            return api_error(400, exc.description, code="csrf")
        return render_template(
            "error.html", status=400, message=_("The page expired. Go back, reload and try again.")
        ), 400

    @app.errorhandler(UnsafeInput)
    def _unsafe(exc: UnsafeInput):
        if _wants_json():
            return api_error(400, exc.description, code="bad_input", fields={exc.field: exc.reason})
        return render_template("error.html", status=400, message=_unsafe_input_message(exc)), 400

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException):
        if _wants_json():
            return api_error(exc.code or 500, exc.description or exc.name)
        messages = {
            404: _("This page does not exist."),
            403: _("You do not have access to this page."),
            413: _("The upload is too large."),
            405: _("That action is not allowed here."),
            400: _("The request could not be understood. Go back and try again."),
        }
        return render_template(
            "error.html",
            status=exc.code,
            message=messages.get(exc.code)
            or _("Something went wrong (error %(code)s).", code=exc.code),
        ), exc.code

    @app.errorhandler(UserPatternError)
    def _pattern(exc: UserPatternError):
        # A regular expression PostgreSQL gave up on (time limit): the pattern's fault, not
        # the server's. The request's transaction is aborted: roll it back, keep nothing.
        txn = g.pop("db_txn", None)
        if txn is not None and txn.is_active:
            txn.rollback()
        if _wants_json():
            return api_error(422, exc.message, code="pattern_too_slow")
        message = _("A regular expression in a condition took too long to run. Simplify it.")
        return render_template("error.html", status=422, message=message), 422
