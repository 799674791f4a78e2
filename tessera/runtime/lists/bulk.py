"""Bulk work on a list's records: set a field (assign an owner, change the stage), add a tag,
delete to the recycle bin. Every write goes through the record writer, one record at a time,
so each gets its timeline entry and its write event (scoring, flows) as if edited by hand.

A batch is at most :data:`BATCH` records, so one request stays short; a whole list is done
batch by batch (the page shows the progress).

Example::

    done = bulk_set(store, [3, 5], "stage", "contacted", ctx, user=user)
"""

from __future__ import annotations

from dataclasses import dataclass

from tessera.runtime.auth.assignment import AssignmentRefused, check_owner_change
from tessera.runtime.forms.values import InvalidInput, clean_values
from tessera.widgets.base import tr

BATCH = 200


@dataclass(frozen=True)
class BulkResult:
    """How many records were changed, and how many were left as they were (already so, or
    refused: ``refused`` holds the first reason)."""

    changed: int
    unchanged: int
    refused: str | None = None


def bulk_fields(form, kind: str) -> list:
    """The fields a bulk action of ``kind`` may write: ``set`` — fields with a closed set of
    values or a user (owner, stage, grade …); ``tag`` — fields holding a list of free words."""
    out = []
    for f in form.spec.fields:
        if f.widget.computed:
            continue
        ctype = f.widget.condition_type_for(f.config)
        if kind == "set" and (ctype in ("choice", "stage", "user")):
            out.append(f)
        if kind == "tag" and ctype == "list" and f.widget.condition_choices(f.config, "en") is None:
            out.append(f)
    return out


def bulk_set(store, ids, key: str, raw, ctx, *, user) -> BulkResult:
    """Set field ``key`` to ``raw`` (input as a form would post it; empty clears) on each
    record of ``ids`` the store's actor may see. Raises :class:`InvalidInput` when ``raw`` is
    not a value of the field (nothing written)."""
    changed = unchanged = 0
    refused = None
    for record_id in ids[:BATCH]:
        record = store.get(record_id, lock=True)
        if record is None:
            unchanged += 1
            continue
        values = clean_values(
            store.form, {key: raw}, ctx, existing=record.values, partial=True, strict_keys=False
        )
        values = {key: values.get(key)}
        try:
            check_owner_change(user, store.form, values, record.values, locale=ctx.locale)
        except AssignmentRefused as exc:
            unchanged += 1
            refused = refused or next(iter(exc.errors.values()))
            continue
        if store.update(record_id, values):
            changed += 1
        else:
            unchanged += 1
    return BulkResult(changed, unchanged, refused)


def bulk_tag(store, ids, key: str, tag: str, ctx) -> BulkResult:
    """Add ``tag`` to list field ``key`` of each record (kept once)."""
    tag = (tag or "").strip()
    field = store.form.spec.field(key)
    if not tag:
        raise InvalidInput({key: tr(ctx.locale, "请输入标签。", "Type a tag.")})
    changed = unchanged = 0
    for record_id in ids[:BATCH]:
        record = store.get(record_id, lock=True)
        current = list((record.values.get(key) if record else None) or [])
        if record is None or tag in current:
            unchanged += 1
            continue
        value = field.widget.normalize([*current, tag], config=field.config, ctx=ctx)
        field.widget.validate(value, config=field.config, ctx=ctx)
        store.update(record_id, {key: value})
        changed += 1
    return BulkResult(changed, unchanged)


def bulk_delete(store, ids) -> BulkResult:
    """Move each record to the recycle bin (restorable for 30 days)."""
    changed = sum(1 for record_id in ids[:BATCH] if store.delete(record_id))
    return BulkResult(changed, len(ids[:BATCH]) - changed)
