"""What every API view shares: token auth, errors, body parsing, scoped stores."""

from __future__ import annotations

from functools import wraps

from flask import g, request

from tessera.runtime.auth.scope import scope_for
from tessera.runtime.auth.tokens import authenticate_token, record_token_use
from tessera.runtime.lookups import widget_context
from tessera.runtime.store.records import RecordStore
from tessera.runtime.web.db import after_request_connection, catalog, db, settings
from tessera.runtime.web.errors import api_error


class ApiError(Exception):
    """Raised inside a view to answer with the contract's error shape."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        code: str | None = None,
        fields: dict | None = None,
        details: dict | None = None,
        headers: dict | None = None,
    ):
        super().__init__(message)
        self.status, self.message, self.code, self.fields = status, message, code, fields
        self.details, self.headers = details, headers


def answer_api_error(exc: ApiError):
    """The response to an :class:`ApiError` raised inside a view (the blueprint's handler)."""
    response = api_error(
        exc.status, exc.message, code=exc.code, fields=exc.fields, details=exc.details
    )
    response.headers.update(exc.headers or {})
    return response


def token_required(view):
    """Authenticate ``Authorization: Bearer <token>``; 401 otherwise. Reads only: the
    token's «last used» time is recorded after the request, when due."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        header = request.headers.get("Authorization", "")
        scheme, _, token = header.partition(" ")
        use = authenticate_token(db(), token.strip()) if scheme.lower() == "bearer" else None
        if use is None:
            raise ApiError(401, "a valid API token is required (Authorization: Bearer <token>)")
        if use.last_use_due:
            token_id = use.token_id
            after_request_connection(lambda engine: record_token_use(engine, token_id))
        g.api_user = use.user
        return view(*args, **kwargs)

    return wrapper


def request_locale() -> str:
    """Chinese when the client prefers it (``Accept-Language: zh…``), else English: the API
    speaks to programs, whose messages (like every top-level ``message``) are English unless
    asked (docs/api.md)."""
    best = request.accept_languages.best_match(["en", "zh-CN", "zh"])
    return "zh_CN" if best and best.startswith("zh") else "en"


def published_form(app_key: str, form_key: str | None = None):
    app = catalog().get(db(), app_key)
    if app is None:
        raise ApiError(404, f"no published app {app_key!r}")
    if form_key is None:
        return app, None
    form = app.form(form_key)
    if form is None:
        raise ApiError(404, f"app {app_key!r} has no form {form_key!r}")
    return app, form


def api_context(app):
    return widget_context(
        db(), app, locale=request_locale(), timezone=settings().timezone, user=g.api_user
    )


def scoped_store(form) -> RecordStore:
    return RecordStore(db(), form, actor_id=g.api_user.id, scope=scope_for(g.api_user, form))


def json_body(*, optional: bool = False) -> dict:
    """The request's JSON object. A body the app's JSON parser refuses (too deep, NUL, lone
    surrogates, huge numbers) is a 400 naming where (``request_input.UnsafeInput``).
    ``optional``: no body at all reads as ``{}``."""
    if optional and not request.get_data(cache=True):
        return {}
    if not request.is_json:
        raise ApiError(415, "send JSON with Content-Type: application/json")
    body = request.get_json()
    if not isinstance(body, dict):
        raise ApiError(400, "the request body must be a JSON object")
    return body


def fields_of(body: dict) -> dict:
    fields = body.get("fields")
    if not isinstance(fields, dict):
        raise ApiError(
            422, 'the body needs a "fields" object', fields={"fields": "must be an object"}
        )
    return fields
