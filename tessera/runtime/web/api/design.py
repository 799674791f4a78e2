"""App design over the API: the draft (with conflict detection), publish, versions, restore.
Only admins and builders may change designs."""

from __future__ import annotations

from flask import g, jsonify

from tessera.builder import InvalidDocument
from tessera.runtime import publishing
from tessera.runtime.auth.roles import can_design
from tessera.runtime.records_json import iso_stamp
from tessera.runtime.store.deploy import SchemaChangeRefused
from tessera.runtime.web.api.common import (
    ApiError,
    json_body,
    request_locale,
    token_required,
)
from tessera.runtime.web.db import db


def _designer():
    if not can_design(g.api_user.role):
        raise ApiError(403, "only admins and builders may change app designs")


@token_required
def get_draft(app_key):
    """The draft document and its revision (send it back in PUT to detect conflicts)."""
    _designer()
    try:
        document, revision = publishing.load_draft(db(), app_key)
    except publishing.UnknownApp:
        raise ApiError(404, f"no app {app_key!r}") from None
    return jsonify({"document": document, "revision": revision})


@token_required
def put_draft(app_key):
    """Save the draft; ``revision`` must be the one loaded, else 409."""
    _designer()
    body = json_body()
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


@token_required
def publish_app(app_key):
    """Publish the draft as a new version; 422 lists document errors by JSON path. 409 when
    there is nothing to publish (the draft is the current version, e.g. a simultaneous
    publish won) or when ``revision`` is given and the draft moved on since."""
    _designer()
    body = json_body(optional=True)
    note, revision = body.get("note", ""), body.get("revision")
    if revision is not None and (not isinstance(revision, int) or isinstance(revision, bool)):
        raise ApiError(
            422,
            '"revision" must be the draft revision you looked at',
            fields={"revision": "must be an integer"},
        )
    try:
        number = publishing.publish(
            db(), app_key, note=str(note)[:500], actor_id=g.api_user.id, expected_revision=revision
        )
    except publishing.UnknownApp:
        raise ApiError(404, f"no app {app_key!r}") from None
    except publishing.NothingToPublish as exc:
        raise ApiError(409, str(exc), code="conflict") from None
    except publishing.DraftConflict as exc:
        raise ApiError(
            409,
            f"the draft was changed since revision {revision} (now {exc.current_revision}); "
            "review it and publish again",
            code="conflict",
        ) from None
    except InvalidDocument as exc:
        raise ApiError(
            422, "the draft is not valid", fields={e.path or "/": e.message for e in exc.errors}
        ) from None
    except SchemaChangeRefused as exc:
        raise ApiError(
            409,
            str(exc),
            code="schema_change_refused",
            fields={f"{c.form}.{c.field}": c.describe(request_locale()) for c in exc.refusals},
        ) from None
    return jsonify({"version": number}), 201


@token_required
def publish_plan(app_key):
    """What publishing the current draft would do to stored data, nothing written:
    ``{"changes": [...], "ok", "errors": [{"path", "message"}]}`` (texts in the request's
    language). A draft with errors has no changes, only its errors."""
    _designer()
    locale = request_locale()
    try:
        plan = publishing.preview_publish(db(), app_key)
    except publishing.UnknownApp:
        raise ApiError(404, f"no app {app_key!r}") from None
    except InvalidDocument as exc:
        errors = [{"path": e.path or "/", "message": e.text(locale)} for e in exc.errors]
        return jsonify({"changes": [], "ok": False, "errors": errors})
    changes = [
        {
            "kind": c.kind,
            "form": c.form,
            "field": c.field,
            "widget_type": c.widget_type,
            "old_type": c.old_type,
            "values_held": c.values_held,
            "description": c.describe(locale),
        }
        for c in plan.changes
    ]
    return jsonify({"changes": changes, "ok": plan.ok, "errors": []})


@token_required
def list_versions(app_key):
    """Published versions, newest first."""
    try:
        versions = publishing.list_versions(db(), app_key)
    except publishing.UnknownApp:
        raise ApiError(404, f"no app {app_key!r}") from None
    return jsonify(
        {"versions": [{**v, "published_at": iso_stamp(v["published_at"])} for v in versions]}
    )


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
