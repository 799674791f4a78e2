"""REST API v1 (CONTRACT.md): bearer tokens, the user's scope on every call, JSON errors."""

from __future__ import annotations

import json
from functools import wraps

from flask import Blueprint, g, jsonify, request

from tessera.builder import InvalidDocument
from tessera.runtime import publishing
from tessera.runtime.auth.roles import can_design
from tessera.runtime.auth.scope import scope_for
from tessera.runtime.auth.tokens import user_for_token
from tessera.runtime.forms.values import InvalidInput, clean_values
from tessera.runtime.lookups import widget_context
from tessera.runtime.rules.conditions import ConditionError
from tessera.runtime.rules.sql import compile_sql
from tessera.runtime.store.deploy import SchemaChangeRefused
from tessera.runtime.store.records import RecordStore
from tessera.runtime.web.db import catalog, db, settings
from tessera.runtime.web.errors import api_error
from tessera.runtime.web.records_json import record_to_json
from tessera.widgets import FieldError

bp = Blueprint("api", __name__, url_prefix="/api/v1")
MAX_PER_PAGE = 200


class ApiError(Exception):
    """Raised inside a view to answer with the contract's error shape."""

    def __init__(
        self, status: int, message: str, *, code: str | None = None, fields: dict | None = None
    ):
        super().__init__(message)
        self.status, self.message, self.code, self.fields = status, message, code, fields


@bp.errorhandler(ApiError)
def _api_error(exc: ApiError):
    return api_error(exc.status, exc.message, code=exc.code, fields=exc.fields)


def token_required(view):
    """Authenticate ``Authorization: Bearer <token>``; 401 otherwise."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        header = request.headers.get("Authorization", "")
        scheme, _, token = header.partition(" ")
        user = user_for_token(db(), token.strip()) if scheme.lower() == "bearer" else None
        if user is None:
            raise ApiError(401, "a valid API token is required (Authorization: Bearer <token>)")
        g.api_user = user
        return view(*args, **kwargs)

    return wrapper


def _locale() -> str:
    best = request.accept_languages.best_match(["en", "zh-CN", "zh"])
    return "zh_CN" if best and best.startswith("zh") else "en"


def _form(app_key: str, form_key: str | None = None):
    app = catalog().get(db(), app_key)
    if app is None:
        raise ApiError(404, f"no published app {app_key!r}")
    if form_key is None:
        return app, None
    form = app.form(form_key)
    if form is None:
        raise ApiError(404, f"app {app_key!r} has no form {form_key!r}")
    return app, form


def _ctx(app):
    return widget_context(db(), app, locale=_locale(), timezone=settings().timezone)


def _store(form) -> RecordStore:
    return RecordStore(db(), form, actor_id=g.api_user.id, scope=scope_for(g.api_user, form))


def _json_body() -> dict:
    body = request.get_json(silent=True)
    if not request.is_json:
        raise ApiError(415, "send JSON with Content-Type: application/json")
    if not isinstance(body, dict):
        raise ApiError(400, "the request body must be a JSON object")
    return body


def _fields_of(body: dict) -> dict:
    fields = body.get("fields")
    if not isinstance(fields, dict):
        raise ApiError(
            422, 'the body needs a "fields" object', fields={"fields": "must be an object"}
        )
    return fields


@bp.get("/apps")
@token_required
def list_apps():
    """Published apps: key, label, version, forms."""
    return jsonify(
        {
            "apps": [
                {
                    "key": a.key,
                    "label": dict(a.spec.label),
                    "version": a.version,
                    "forms": [f.key for f in a.navigation()],
                }
                for a in catalog().all(db())
            ]
        }
    )


@bp.get("/apps/<app_key>")
@token_required
def get_app(app_key):
    """The published document of an app."""
    app, _ = _form(app_key)
    return jsonify(
        {
            "key": app.key,
            "version": app.version,
            "document": publishing.version_document(db(), app_key, app.version),
        }
    )


@bp.get("/apps/<app_key>/forms/<form_key>/records")
@token_required
def list_records(app_key, form_key):
    """A page of records; ``filter`` is a condition document (JSON), ``sort`` a key or -key."""
    app, form = _form(app_key, form_key)
    ctx = _ctx(app)
    try:
        page = int(request.args.get("page", 1))
        per_page = int(request.args.get("per_page", 50))
    except ValueError:
        raise ApiError(400, "page and per_page must be integers") from None
    if page < 1 or not 1 <= per_page <= MAX_PER_PAGE:
        raise ApiError(400, f"page must be ≥ 1 and per_page between 1 and {MAX_PER_PAGE}")
    where = None
    if request.args.get("filter"):
        try:
            where = compile_sql(json.loads(request.args["filter"]), form, ctx)
        except json.JSONDecodeError:
            raise ApiError(
                400, "filter must be a JSON condition document", fields={"filter": "not JSON"}
            ) from None
        except ConditionError as exc:
            raise ApiError(400, f"bad filter: {exc}", fields={"filter": str(exc)}) from None
        except FieldError as exc:
            raise ApiError(
                400,
                f"bad filter value: {exc.message}",
                fields={getattr(exc, "field", "filter"): exc.message},
            ) from None
    sort = []
    for part in filter(None, request.args.get("sort", "").split(",")):
        key = part.lstrip("-")
        if key not in form.table.c:
            raise ApiError(
                400, f"cannot sort by {key!r}", fields={"sort": f"unknown field {key!r}"}
            )
        sort.append((key, part.startswith("-")))
    records, total = _store(form).list(where=where, sort=sort, page=page, per_page=per_page)
    return jsonify(
        {
            "records": [record_to_json(r, form, ctx) for r in records],
            "total": total,
            "page": page,
            "per_page": per_page,
        }
    )


@bp.post("/apps/<app_key>/forms/<form_key>/records")
@token_required
def create_record(app_key, form_key):
    """Create a record from ``{"fields": {…}}``; 422 with per-field messages, nothing stored."""
    app, form = _form(app_key, form_key)
    ctx = _ctx(app)
    try:
        values = clean_values(form, _fields_of(_json_body()), ctx)
    except InvalidInput as exc:
        raise ApiError(422, "some fields are invalid", fields=exc.errors) from None
    store = _store(form)
    record = store.get(store.create(values))
    return jsonify(record_to_json(record, form, ctx)), 201


def _existing(form, record_id):
    record = _store(form).get(record_id)
    if record is None:
        raise ApiError(404, f"no record {record_id} in {form.key}")
    return record


@bp.get("/apps/<app_key>/forms/<form_key>/records/<int:record_id>")
@token_required
def get_record(app_key, form_key, record_id):
    """One record."""
    app, form = _form(app_key, form_key)
    return jsonify(record_to_json(_existing(form, record_id), form, _ctx(app)))


@bp.patch("/apps/<app_key>/forms/<form_key>/records/<int:record_id>")
@token_required
def patch_record(app_key, form_key, record_id):
    """Change the given fields only."""
    app, form = _form(app_key, form_key)
    ctx = _ctx(app)
    record = _existing(form, record_id)
    try:
        values = clean_values(
            form, _fields_of(_json_body()), ctx, existing=record.values, partial=True
        )
    except InvalidInput as exc:
        raise ApiError(422, "some fields are invalid", fields=exc.errors) from None
    store = _store(form)
    store.update(record_id, values)
    return jsonify(record_to_json(store.get(record_id), form, ctx))


@bp.delete("/apps/<app_key>/forms/<form_key>/records/<int:record_id>")
@token_required
def delete_record(app_key, form_key, record_id):
    """Soft-delete a record."""
    _app, form = _form(app_key, form_key)
    _existing(form, record_id)
    _store(form).delete(record_id)
    return "", 204


@bp.get("/apps/<app_key>/forms/<form_key>/records/<int:record_id>/timeline")
@token_required
def record_timeline(app_key, form_key, record_id):
    """The record's activities, newest first."""
    _app, form = _form(app_key, form_key)
    _existing(form, record_id)
    entries = _store(form).timeline(record_id)
    return jsonify(
        {
            "entries": [
                {
                    "id": e["id"],
                    "kind": e["kind"],
                    "actor_id": e["actor_id"],
                    "payload": e["payload"],
                    "created_at": e["created_at"].isoformat(),
                }
                for e in entries
            ]
        }
    )


# design ------------------------------------------------------------------------------------


def _designer():
    if not can_design(g.api_user.role):
        raise ApiError(403, "only admins and builders may change app designs")


@bp.get("/apps/<app_key>/draft")
@token_required
def get_draft(app_key):
    """The draft document and its revision (send it back in PUT to detect conflicts)."""
    _designer()
    try:
        document, revision = publishing.load_draft(db(), app_key)
    except publishing.UnknownApp:
        raise ApiError(404, f"no app {app_key!r}") from None
    return jsonify({"document": document, "revision": revision})


@bp.put("/apps/<app_key>/draft")
@token_required
def put_draft(app_key):
    """Save the draft; ``revision`` must be the one loaded, else 409."""
    _designer()
    body = _json_body()
    document, revision = body.get("document"), body.get("revision")
    if not isinstance(document, dict):
        raise ApiError(
            422, 'the body needs a "document" object', fields={"document": "must be an object"}
        )
    if not isinstance(revision, int) or isinstance(revision, bool):
        raise ApiError(
            422,
            'the body needs the "revision" you loaded',
            fields={"revision": "must be an integer"},
        )
    if document.get("key") != app_key:
        raise ApiError(
            422, "an app's key cannot change", fields={"document": "/key must stay " + app_key}
        )
    try:
        new_revision = publishing.save_draft(
            db(), app_key, document, expected_revision=revision, actor_id=g.api_user.id
        )
    except publishing.UnknownApp:
        raise ApiError(404, f"no app {app_key!r}") from None
    except publishing.DraftConflict as exc:
        raise ApiError(
            409,
            "the draft was changed elsewhere; reload it and apply your change again",
            code="conflict",
        ) from exc
    return jsonify({"revision": new_revision})


@bp.post("/apps/<app_key>/publish")
@token_required
def publish_app(app_key):
    """Publish the draft as a new version; 422 lists document errors by JSON path."""
    _designer()
    body = request.get_json(silent=True) or {}
    note = body.get("note", "") if isinstance(body, dict) else ""
    try:
        number = publishing.publish(db(), app_key, note=str(note)[:500], actor_id=g.api_user.id)
    except publishing.UnknownApp:
        raise ApiError(404, f"no app {app_key!r}") from None
    except InvalidDocument as exc:
        raise ApiError(
            422, "the draft is not valid", fields={e.path or "/": e.message for e in exc.errors}
        ) from None
    except SchemaChangeRefused as exc:
        raise ApiError(
            409,
            str(exc),
            code="schema_change_refused",
            fields={f"{c.form}.{c.field}": c.reason for c in exc.refusals},
        ) from None
    return jsonify({"version": number}), 201


@bp.get("/apps/<app_key>/versions")
@token_required
def list_versions(app_key):
    """Published versions, newest first."""
    try:
        versions = publishing.list_versions(db(), app_key)
    except publishing.UnknownApp:
        raise ApiError(404, f"no app {app_key!r}") from None
    return jsonify(
        {"versions": [{**v, "published_at": v["published_at"].isoformat()} for v in versions]}
    )


@bp.post("/apps/<app_key>/versions/<int:number>/restore")
@token_required
def restore_version(app_key, number):
    """Make an old version the draft again."""
    _designer()
    try:
        revision = publishing.restore_version(db(), app_key, number, actor_id=g.api_user.id)
    except publishing.UnknownApp:
        raise ApiError(404, f"no app {app_key!r}") from None
    except LookupError:
        raise ApiError(404, f"app {app_key!r} has no version {number}") from None
    return jsonify({"revision": revision})
