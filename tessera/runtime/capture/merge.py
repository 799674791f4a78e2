"""Applying the dedup policy, merging two records field by field, and undoing a merge.

Every merge is written to ``capture_merges`` with the survivor's values before and after,
and to the timelines of both records, so it can be reviewed and reversed.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from tessera.runtime import clock
from tessera.runtime.capture.dedup import SqlIndex
from tessera.runtime.store.records import RecordStore
from tessera.runtime.store.timeline import jsonable
from tessera.runtime.tables import capture_duplicates, capture_merges


@dataclass(frozen=True)
class Outcome:
    """What became of one submitted or imported row."""

    record_id: int
    kind: str  # created | merged | flagged


def create_with_policy(store: RecordStore, values: dict, *, origin: dict, dedup: bool = True):
    """A new record from one caller (a public submission, the API, the workspace): created,
    or merged into / flagged against a known one by the form's dedup policy, as
    :func:`save_with_policy` says. ``dedup=False``: the caller opted out, always created.

    Example::

        create_with_policy(store, values, origin={"via": "api"})  # Outcome(12, "merged")
    """
    policy = store.form.spec.dedup if dedup else None
    index = SqlIndex(store.conn, store.form, policy) if policy is not None else None
    return save_with_policy(store, values, index=index, origin=origin)


def save_with_policy(store: RecordStore, values: dict, *, index=None, origin: dict) -> Outcome:
    """Create a record from cleaned ``values``, or merge it into / flag it against a known one,
    as the form's dedup policy says. ``origin`` (e.g. ``{"via": "link", "slug": …}``) goes on
    the timeline. A known record outside the store's scope (another rep's lead) is never
    merged into, only flagged: the caller would write into, and be shown, what they may not
    see.

    Example::

        save_with_policy(store, values, index=SqlIndex(conn, form, policy), origin={"via": "api"})
    """
    policy = store.form.spec.dedup
    match = index.find(values) if (policy and index is not None) else None
    if match is None:
        record_id = store.create(values, payload=origin)
        if index is not None and policy:
            index.add(record_id, values)
        return Outcome(record_id, "created")
    # Only a certain match merges: a shared switchboard or role mailbox alone is flagged.
    mergeable = policy.policy == "merge" and match.certain
    if mergeable and (store.scope is None or store.get(match.record_id)):
        fill_empty(store, match.record_id, values, reason=match.reason, origin=origin)
        return Outcome(match.record_id, "merged")
    record_id = store.create(values, payload=origin)
    flag(store, record_id, match)
    if index is not None:
        index.add(record_id, values)
    return Outcome(record_id, "flagged")


def fill_empty(store: RecordStore, record_id: int, incoming: dict, *, reason: str, origin: dict):
    """Fill the record's empty fields from ``incoming``; differing non-empty values are not
    written but kept on the timeline (``conflicts``). Recorded as an undoable merge."""
    current = store.get(record_id).values
    filled, conflicts = {}, {}
    for key, value in incoming.items():
        if value in (None, "", []) or key not in store.table.c:
            continue
        old = current.get(key)
        if old in (None, "", []):
            filled[key] = value
        elif old != value:
            conflicts[key] = [old, value]
    _keep_groups_whole(store.form.spec, current, incoming, filled, conflicts)
    before = {k: current.get(k) for k in filled}
    if filled:
        store.update(record_id, filled)
    merge_id = _record_merge(store, record_id, None, before, filled, incoming=incoming)
    payload = {
        "merge_id": merge_id,
        "matched_on": reason,
        "filled": filled,
        "conflicts": conflicts,
        **origin,
    }
    store.merged(record_id, payload=payload, merge_id=merge_id)


def _empty(value) -> bool:
    return value in (None, "", [])


def _groups(spec) -> list[set[str]]:
    """Fields that go together (a city and its province), each as one set of keys."""
    groups = []
    for field in spec.fields:
        keys = {field.key, *field.widget.depends_on(field.config)}
        if len(keys) > 1:
            joined = [g for g in groups if g & keys]
            for g in joined:
                groups.remove(g)
                keys |= g
            groups.append(keys)
    return groups


def _keep_groups_whole(spec, current, incoming, filled, conflicts) -> None:
    """A city is not filled into a record whose province differs (浙江省 + 苏州市): a group
    is filled only when every member the record holds agrees with the incoming one; else
    none of it is, and the incoming values are listed as conflicts."""
    for group in _groups(spec):
        if not group & filled.keys():
            continue
        agrees = all(_empty(current.get(k)) or current.get(k) == incoming.get(k) for k in group)
        if agrees:
            continue
        for key in group:
            value = filled.pop(key, None)
            if value is not None:
                conflicts[key] = [current.get(key), value]


def flag(store: RecordStore, record_id: int, match) -> int:
    """Mark ``record_id`` as a possible duplicate of ``match.record_id``."""
    duplicate_id = store.conn.execute(
        capture_duplicates.insert().values(
            app_key=store.form.app_key,
            form_key=store.form.key,
            record_id=record_id,
            candidate_id=match.record_id,
            reason=match.reason,
            score=match.score,
            created_at=clock.now(),
        )
    ).inserted_primary_key[0]
    for one, other in ((record_id, match.record_id), (match.record_id, record_id)):
        payload = {"other_id": other, "matched_on": match.reason, "duplicate_id": duplicate_id}
        store.note(one, "duplicate_flagged", payload)
    return duplicate_id


def merge_pair(store: RecordStore, duplicate_id: int, choices: dict[str, str]) -> int:
    """Merge a flagged pair: the older record survives with, per field, the value chosen
    (``"record"`` = the newer one's, ``"candidate"`` = the survivor's own); the newer record
    is soft-deleted. Returns the merge id.

    Example::

        merge_pair(store, 7, {"phone": "record", "company": "candidate"})
    """
    pair = store.conn.execute(
        sa.select(capture_duplicates).where(capture_duplicates.c.id == duplicate_id)
    ).first()
    if pair is None or pair.status != "open":
        raise LookupError(duplicate_id)
    survivor, merged = store.get(pair.candidate_id), store.get(pair.record_id)
    if survivor is None or merged is None:
        raise LookupError(duplicate_id)
    taken_keys = {key for key, side in choices.items() if side == "record"}
    for group in _groups(store.form.spec):  # a region is taken as a whole
        if group & taken_keys:
            taken_keys |= group
    changes = {
        key: merged.values.get(key)
        for key in taken_keys
        if key in store.table.c and not store.form.spec.field(key).widget.computed
    }
    before = {k: survivor.values.get(k) for k in changes}
    store.update(survivor.id, changes)
    store.delete(merged.id)
    merge_id = _record_merge(store, survivor.id, merged.id, before, changes, duplicate=duplicate_id)
    store.conn.execute(
        capture_duplicates.update()
        .where(capture_duplicates.c.id == duplicate_id)
        .values(status="merged", resolved_at=clock.now(), resolved_by=store.actor_id)
    )
    taken = sorted(changes)
    store.merged(
        survivor.id,
        payload={"merge_id": merge_id, "other_id": merged.id, "taken": taken},
        merged_id=merged.id,
        merged_payload={"merge_id": merge_id, "other_id": survivor.id, "taken": taken},
        merge_id=merge_id,
    )
    return merge_id


def dismiss(store: RecordStore, duplicate_id: int) -> None:
    """Decide a flagged pair is two different people."""
    store.conn.execute(
        capture_duplicates.update()
        .where((capture_duplicates.c.id == duplicate_id) & (capture_duplicates.c.status == "open"))
        .values(status="dismissed", resolved_at=clock.now(), resolved_by=store.actor_id)
    )


def undo_merge(store: RecordStore, merge_id: int) -> int | None:
    """Reverse a merge: the survivor gets its old values back, the merged record returns
    (or, for a merged submission, is created from what was submitted). Returns that record's
    id."""
    row = store.conn.execute(
        sa.select(capture_merges).where(
            (capture_merges.c.id == merge_id) & capture_merges.c.undone_at.is_(None)
        )
    ).first()
    if row is None:
        raise LookupError(merge_id)
    store.update(row.survivor_id, _restore(store, row.before))
    other = row.merged_id
    if other is not None:
        store.restore(other)
    elif row.after.get("incoming"):
        other = store.create(_restore(store, row.after["incoming"]), payload={"via": "undo"})
    if row.duplicate_id is not None:
        store.conn.execute(
            capture_duplicates.update()
            .where(capture_duplicates.c.id == row.duplicate_id)
            .values(status="open", resolved_at=None, resolved_by=None)
        )
    store.conn.execute(
        capture_merges.update()
        .where(capture_merges.c.id == merge_id)
        .values(undone_at=clock.now(), undone_by=store.actor_id)
    )
    for one in (row.survivor_id, other):
        if one is not None:
            payload = {"merge_id": merge_id, "other_id": other if one != other else row.survivor_id}
            store.note(one, "merge_undone", payload)
    return other


def _record_merge(store, survivor_id, merged_id, before, changes, *, duplicate=None, incoming=None):
    after = {"changes": jsonable(changes)}
    if incoming is not None:
        after["incoming"] = jsonable(incoming)
    return store.conn.execute(
        capture_merges.insert().values(
            app_key=store.form.app_key,
            form_key=store.form.key,
            survivor_id=survivor_id,
            merged_id=merged_id,
            duplicate_id=duplicate,
            before=jsonable(before),
            after=after,
            actor_id=store.actor_id,
            created_at=clock.now(),
        )
    ).inserted_primary_key[0]


def _restore(store: RecordStore, saved: dict) -> dict:
    """Stored JSON back to column values (dates and decimals were saved as strings)."""
    from tessera.widgets import WidgetContext

    out = {}
    for key, value in saved.items():
        if not store.form.spec.has_field(key):
            continue
        field = store.form.spec.field(key)
        if value is None or isinstance(value, (int, float, bool, list)):
            out[key] = value
            continue
        try:
            out[key] = field.widget.normalize(value, config=field.config, ctx=WidgetContext())
        except Exception:  # a value the widget no longer accepts stays as saved
            out[key] = value
    return out
