"""Records of a published form: list (filter, sort, pages), create, read, patch, delete,
timeline. Every call runs inside the token user's row-level scope.

A record carries its ``revision`` (also its ``ETag``); a PATCH with ``If-Match: "<revision>"``
is refused with 409 ``conflict`` and the current record when someone else wrote first."""

from __future__ import annotations

from flask import g, jsonify, request

from tessera.conditions import ConditionError
from tessera.conditions.walk import comparisons
from tessera.runtime.auth.assignment import AssignmentRefused, check_owner_change
from tessera.runtime.capture.merge import create_with_policy
from tessera.runtime.condition_env import compile_sql
from tessera.runtime.forms.values import InvalidInput, clean_values
from tessera.runtime.records_json import etag, iso_stamp, record_to_json
from tessera.runtime.store.records import RecordStore, StaleRecord
from tessera.runtime.web import json_input
from tessera.runtime.web.api.common import (
    ApiError,
    api_context,
    fields_of,
    json_body,
    published_form,
    scoped_store,
    token_required,
)
from tessera.runtime.web.db import db
from tessera.runtime.web.request_input import int_param
from tessera.widgets import FieldError

MAX_PER_PAGE = 200
# Operators a list filter refuses (docs/api.md, "Filters"): a regular expression or a
# condition on linked records is for rules and reports the builder saves, not for any token.
NOT_IN_LIST_FILTERS = frozenset({"matches"})
MAX_PAGE = 10_000_000  # keeps the row offset (page × per_page) far inside 64 bits


@token_required
def list_records(app_key, form_key):
    """A page of records; ``filter`` is a condition document (JSON), ``sort`` a key or -key."""
    app, form = published_form(app_key, form_key)
    ctx = api_context(app)
    page = int_param(request.args, "page", default=1, minimum=1, maximum=MAX_PAGE)
    per_page = int_param(request.args, "per_page", default=50, minimum=1, maximum=MAX_PER_PAGE)
    where = None
    if request.args.get("filter"):
        try:
            condition = json_input.loads(request.args["filter"])
        except json_input.UnsafeJSON as exc:
            raise ApiError(400, f"bad filter: {exc}", fields={"filter": str(exc)}) from None
        except ValueError:
            raise ApiError(
                400, "filter must be a JSON condition document", fields={"filter": "not JSON"}
            ) from None
        try:
            where = compile_sql(condition, form, ctx, user_id=g.api_user.id)
        except ConditionError as exc:
            raise ApiError(400, f"bad filter: {exc}", fields={"filter": str(exc)}) from None
        except FieldError as exc:
            raise ApiError(
                400,
                f"bad filter value: {exc.message}",
                fields={getattr(exc, "field", "filter"): exc.message},
            ) from None
        _refuse_unlisted_operators(condition)  # after compiling, which bounds the nesting
    sort = []
    for part in filter(None, request.args.get("sort", "").split(",")):
        key = part.lstrip("-")
        if key not in form.table.c:
            raise ApiError(
                400, f"cannot sort by {key!r}", fields={"sort": f"unknown field {key!r}"}
            )
        sort.append((key, part.startswith("-")))
    records, total = scoped_store(form).list(where=where, sort=sort, page=page, per_page=per_page)
    return jsonify(
        {
            "records": [record_to_json(r, form, ctx) for r in records],
            "total": total,
            "page": page,
            "per_page": per_page,
        }
    )


def _refuse_unlisted_operators(condition) -> None:
    for path, leaf in comparisons(condition):
        if leaf.get("op") in NOT_IN_LIST_FILTERS:
            message = f"{path}/op: {leaf['op']!r} cannot be used in a list filter yet"
            raise ApiError(400, f"bad filter: {message}", fields={"filter": message})


@token_required
def create_record(app_key, form_key):
    """Create a record from ``{"fields": {…}}``; 422 with per-field messages, nothing stored.
    The form's dedup policy applies as for a public submission unless ``?dedup=off``: 201 for
    a new record (created, or flagged as a possible duplicate), 200 with the known record when
    it was merged into; ``Tessera-Outcome`` says which."""
    app, form = published_form(app_key, form_key)
    ctx = api_context(app)
    dedup = _dedup_wanted()
    values = _checked_values(form, fields_of(json_body()), ctx)
    outcome = create_with_policy(scoped_store(form), values, origin={"via": "api"}, dedup=dedup)
    status = 200 if outcome.kind == "merged" else 201
    response = _answer(_written(form, outcome.record_id), form, ctx, status)
    response.headers["Tessera-Outcome"] = outcome.kind
    return response


def _dedup_wanted() -> bool:
    """``?dedup=on`` (the default) or ``off``; anything else is a 400 naming ``dedup``."""
    wanted = request.args.get("dedup", "on")
    if wanted not in ("on", "off"):
        raise ApiError(400, "dedup must be on or off", fields={"dedup": "on or off"})
    return wanted == "on"


def _checked_values(form, fields, ctx, *, existing=None):
    """Cleaned values the caller may store: 422 for bad values (links out of scope read as
    missing records), 403 naming ``owner`` for an owner the caller may not set."""
    try:
        values = clean_values(form, fields, ctx, existing=existing, partial=existing is not None)
    except InvalidInput as exc:
        raise ApiError(422, "some fields are invalid", fields=exc.errors) from None
    try:
        check_owner_change(g.api_user, form, values, existing, locale=ctx.locale)
    except AssignmentRefused as exc:
        raise ApiError(
            403, "you may not give this record to that owner", fields=exc.errors
        ) from None
    return values


def _written(form, record_id):
    """The record as the caller's write left it, even if the write (or a hook it triggered)
    moved it out of the caller's scope: they see the result of their own write once; later
    reads answer 404."""
    return scoped_store(form).get(record_id) or RecordStore(db(), form).get(record_id)


def _answer(record, form, ctx, status: int = 200):
    response = jsonify(record_to_json(record, form, ctx))
    response.status_code = status
    response.headers["ETag"] = etag(record)
    return response


def _existing(form, record_id, *, lock: bool = False):
    record = scoped_store(form).get(record_id, lock=lock)
    if record is None:
        raise ApiError(404, f"no record {record_id} in {form.key}")
    return record


def if_match() -> int | None:
    """The revision named by ``If-Match`` (``3`` or ``"3"``), None without one (or ``*``);
    400 naming the header for anything else."""
    raw = request.headers.get("If-Match")
    if raw is None or raw.strip() == "*":
        return None
    value = raw.strip()
    if len(value) >= 2 and value[0] == value[-1] == '"':
        value = value[1:-1]
    if not (value.isascii() and value.isdigit() and len(value) <= 18):
        raise ApiError(
            400,
            'If-Match must be the revision of the record you edited, e.g. If-Match: "3"',
            fields={"If-Match": "not a record revision"},
        )
    return int(value)


def _conflict(current, form, ctx) -> ApiError:
    return ApiError(
        409,
        f"the record was changed by someone else (it is now at revision {current.revision}); "
        "nothing was written: apply your change to the current values and send it again",
        code="conflict",
        details={"current": record_to_json(current, form, ctx)},
        headers={"ETag": etag(current)},
    )


@token_required
def get_record(app_key, form_key, record_id):
    """One record, with its revision as ``ETag``."""
    app, form = published_form(app_key, form_key)
    return _answer(_existing(form, record_id), form, api_context(app))


@token_required
def patch_record(app_key, form_key, record_id):
    """Change the given fields only. With ``If-Match``, only if the record is still at that
    revision (else 409 with the current record); without, the last write wins per field."""
    app, form = published_form(app_key, form_key)
    ctx = api_context(app)
    expected = if_match()
    record = _existing(form, record_id, lock=True)  # held until commit: old → new stays exact
    body = fields_of(json_body())
    if expected is not None and expected != record.revision:
        raise _conflict(record, form, ctx)
    values = _checked_values(form, body, ctx, existing=record.values)
    try:
        scoped_store(form).update(record_id, values, expected_revision=record.revision)
    except StaleRecord as exc:
        raise _conflict(exc.current, form, ctx) from None
    return _answer(_written(form, record_id), form, ctx)


@token_required
def delete_record(app_key, form_key, record_id):
    """Soft-delete a record."""
    _app, form = published_form(app_key, form_key)
    _existing(form, record_id)
    scoped_store(form).delete(record_id)
    return "", 204


@token_required
def record_timeline(app_key, form_key, record_id):
    """The record's activities, newest first."""
    _app, form = published_form(app_key, form_key)
    _existing(form, record_id)
    entries = scoped_store(form).timeline(record_id)
    return jsonify(
        {
            "entries": [
                {
                    "id": e["id"],
                    "kind": e["kind"],
                    "actor_id": e["actor_id"],
                    "payload": e["payload"],
                    "created_at": iso_stamp(e["created_at"]),
                }
                for e in entries
            ]
        }
    )
