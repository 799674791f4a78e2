"""``POST /api/v1/events`` (behaviour events) and a record's score explanation."""

from __future__ import annotations

import datetime as dt

from flask import g, jsonify

from tessera.runtime.events import EventError, record_event
from tessera.runtime.scoring import explain_record, model_for
from tessera.runtime.web.api.common import (
    ApiError,
    api_context,
    json_body,
    published_form,
    scoped_store,
    token_required,
)
from tessera.runtime.web.db import db
from tessera.runtime.web.request_input import INT32_MAX
from tessera.widgets import FieldError

# The members ``match`` takes (CONTRACT.md): each names the field role it is looked up by.
MATCH_ROLES = ("email", "phone")


def _find_record(form, body, ctx) -> int:
    store = scoped_store(form)
    if body.get("record_id") is not None:
        record_id = body["record_id"]
        if isinstance(record_id, bool) or not isinstance(record_id, int):
            raise ApiError(
                400, "record_id must be an integer", fields={"record_id": "not an integer"}
            )
        # An id past the column's range names no record; asking the database would fail.
        if not 0 < record_id <= INT32_MAX or store.get(record_id) is None:
            raise ApiError(404, f"no record {record_id}", fields={"record_id": "not found"})
        return record_id
    match = body.get("match")
    if not isinstance(match, dict) or len(match) != 1 or next(iter(match)) not in MATCH_ROLES:
        raise ApiError(
            400, "give record_id or match: {email} or {phone}", fields={"match": "required"}
        )
    role, raw = next(iter(match.items()))
    # The contract's words are roles: the form says which field is its email or phone.
    spec = form.spec.role_field(role)
    if spec is None or spec.widget.exact_match is None:
        raise ApiError(400, f"form {form.key!r} has no {role} field", fields={"match": role})
    try:
        value = spec.widget.normalize(raw, config=dict(spec.config), ctx=ctx)
    except FieldError as exc:
        raise ApiError(400, exc.message, fields={"match": exc.message}) from None
    if value is None:
        raise ApiError(400, f"match.{role} is empty", fields={"match": "required"})
    where = spec.widget.exact_match.equals(form.table.c[spec.key], value)
    records, _ = store.list(where=where, per_page=1)
    if not records:
        raise ApiError(404, f"no record with {role} {value}", fields={"match": "not found"})
    return records[0].id


@token_required
def post_event():
    """Record a behaviour event on a record; answers 201 with the record's new score."""
    body = json_body()
    for key in ("app", "form", "type"):
        if not isinstance(body.get(key), str) or not body[key]:
            raise ApiError(400, f"{key} is required", fields={key: "required"})
    app, form = published_form(body["app"], body["form"])
    ctx = api_context(app)
    record_id = _find_record(form, body, ctx)
    occurred_at = None
    if body.get("occurred_at") is not None:
        try:
            occurred_at = dt.datetime.fromisoformat(str(body["occurred_at"]))
        except ValueError:
            raise ApiError(
                400, "occurred_at must be ISO-8601", fields={"occurred_at": "not ISO-8601"}
            ) from None
    try:
        event_id = record_event(
            db(),
            form,
            record_id,
            type=body["type"],
            props=body.get("props"),
            occurred_at=occurred_at,
            actor_id=g.api_user.id,
        )
    except EventError as exc:
        raise ApiError(400, exc.message, fields={exc.field: exc.message}) from None
    answer = {"id": event_id, "record_id": record_id}
    explanation = explain_record(db(), form, record_id)
    if explanation is not None:
        answer.update(score=explanation.score, grade=explanation.grade)
    return jsonify(answer), 201


@token_required
def record_score(app_key, form_key, record_id):
    """The record's score, grade, thresholds reached and the rules that fired."""
    app, form = published_form(app_key, form_key)
    if model_for(app, form.key) is None:
        raise ApiError(404, f"form {form_key!r} has no scoring model")
    if scoped_store(form).get(record_id) is None:
        raise ApiError(404, f"no record {record_id}")
    explanation = explain_record(db(), form, record_id)
    return jsonify({"record_id": record_id, "version": app.version, **explanation.to_json()})
