"""Record CRUD on per-form tables, with the timeline and the row-level scope in one place."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from tessera.runtime import clock
from tessera.runtime.store import search_index
from tessera.runtime.store.hooks import InsertEvent, WriteEvent, run_after_write, run_before_insert
from tessera.runtime.tables import activities

SEARCH_WINDOW = 2000  # the newest records a search walks before asking the text index


@dataclass(frozen=True)
class Record:
    """One stored record: system columns plus ``values`` keyed by field key. ``revision``
    counts its writes (1 when created)."""

    id: int
    created_at: Any
    updated_at: Any
    created_by: int | None
    values: dict
    revision: int = 1


class StaleRecord(Exception):
    """The record moved past the revision the caller edited (someone else saved first);
    nothing was written. ``current`` is the record as it is now."""

    def __init__(self, current: Record, expected: int | None):
        super().__init__(
            f"record {current.id} is at revision {current.revision}, not {expected}: "
            "it was changed by someone else"
        )
        self.current = current
        self.expected = expected


class RecordStore:
    """Reads and writes one form's records for one actor, within the actor's scope.

    Example::

        store = RecordStore(conn, form, actor_id=user.id, scope=scope_for(user, form))
        record_id = store.create({"name": "张三"})
    """

    def __init__(
        self,
        conn: sa.Connection,
        form,
        *,
        actor_id: int | None = None,
        scope: sa.ColumnElement | None = None,
    ):
        self.conn = conn
        self.form = form
        self.table = form.table
        self.actor_id = actor_id
        self.scope = scope
        self.field_keys = [f.key for f in form.spec.fields]

    # reading -----------------------------------------------------------------------------

    def _visible(self, *, include_deleted: bool = False) -> sa.ColumnElement:
        clause = sa.true() if include_deleted else self.table.c.deleted_at.is_(None)
        return clause if self.scope is None else sa.and_(clause, self.scope)

    def _to_record(self, row) -> Record:
        m = row._mapping
        return Record(
            m["id"],
            m["created_at"],
            m["updated_at"],
            m["created_by"],
            {k: m[k] for k in self.field_keys},
            m["revision"],
        )

    def get(self, record_id: int, *, lock: bool = False) -> Record | None:
        """The record, or None when absent, deleted or outside the actor's scope. ``lock``:
        hold its row until the transaction ends (``FOR UPDATE`` on PostgreSQL; a SQLite
        writer transaction holds the whole database already), so what was read is still
        true when the transaction writes."""
        query = sa.select(self.table).where((self.table.c.id == record_id) & self._visible())
        if lock:
            query = query.with_for_update(of=self.table)
        row = self.conn.execute(query).first()
        return None if row is None else self._to_record(row)

    def list(
        self,
        *,
        where: sa.ColumnElement | None = None,
        sort: list[tuple[str, bool]] | None = None,
        page: int = 1,
        per_page: int = 50,
    ) -> tuple[list[Record], int]:
        """One page of records and the total; ``sort`` is ``[(key, descending)]``."""
        clause = self._visible() if where is None else sa.and_(self._visible(), where)
        total = self.conn.execute(
            sa.select(sa.func.count()).select_from(self.table).where(clause)
        ).scalar_one()
        order = [
            self.table.c[k].desc() if desc else self.table.c[k].asc()
            for k, desc in (sort or [])
            if k in self.table.c
        ]
        order.append(self.table.c.id.desc())
        rows = self.conn.execute(
            sa.select(self.table)
            .where(clause)
            .order_by(*order)
            .limit(per_page)
            .offset((page - 1) * per_page)
        )
        return [self._to_record(r) for r in rows], total

    def choices(self, label_key: str | None, *, limit: int) -> list[tuple[int, Any]]:
        """``(id, label)`` of the newest visible records (the label column, or None), for the
        pickers of link fields: only what the actor may see and link to."""
        t = self.table
        label = t.c[label_key] if label_key in t.c else sa.null()
        rows = self.conn.execute(
            sa.select(t.c.id, label).where(self._visible()).order_by(t.c.id.desc()).limit(limit)
        )
        return [(r[0], r[1]) for r in rows]

    def search(
        self, where: sa.ColumnElement | None, *, text: str | None = None, limit: int = 20
    ) -> list[Record]:
        """The newest visible records matching ``where``, at most ``limit``, without counting
        them all (pickers ask as the user types). ``text``, what ``where`` looks for in the
        form's search fields, lets the form's text index answer when the newest records do
        not (:mod:`.search_index`).

        Example::

            store.search(quick_search(lead_form, "星辰", ctx), text="星辰", limit=20)
        """
        t = self.table
        visible = self._visible() if where is None else sa.and_(self._visible(), where)
        newest = sa.select(t).where(visible).order_by(t.c.id.desc()).limit(limit)
        matches = search_index.side_matches(self.conn, t, where, text)
        if matches is None:
            return [self._to_record(r) for r in self.conn.execute(newest)]
        # Common text has its matches among the newest records: walk them first, a bounded
        # number. Rare text does not: then the index lists every match, and the newest win.
        # (Left to itself, the planner guessed wrong either way: it cannot estimate how rare
        # a «contains» is, and took 0.9 s for a phone number on 1,000,000 leads.)
        window = sa.select(t.c.id).where(self._visible()).order_by(t.c.id.desc())
        window = window.limit(SEARCH_WINDOW).subquery()
        recent = self.conn.execute(
            newest.where(t.c.id >= sa.select(sa.func.min(window.c.id)).scalar_subquery())
        ).all()
        if len(recent) < limit:
            everyone = sa.and_(self._visible(), t.c.id.in_(sa.select(matches.c.id)))
            recent = self.conn.execute(
                sa.select(t).where(everyone).order_by(t.c.id.desc()).limit(limit)
            ).all()
        return [self._to_record(r) for r in recent]

    # writing -----------------------------------------------------------------------------

    def create(self, values: dict, *, kind: str = "created", payload: dict | None = None) -> int:
        """Insert a record (values already cleaned, completed by the before-insert hooks, e.g.
        its first score) and its timeline entry, then run the after-write hooks."""
        return self.create_many([values], kind=kind, payloads=[payload or {}])[0]

    def create_many(
        self, rows: list[dict], *, kind: str = "created", payloads: list[dict] | None = None
    ) -> list[int]:
        """Insert several records with one INSERT and their timeline entries with another;
        the hooks run for each record as for :meth:`create`. Returns the ids, in order.

        Example::

            ids = store.create_many([{"name": "张三"}, {"name": "李四"}], payloads=[{}, {}])
        """
        if not rows:
            return []
        prepared = []
        for values in rows:
            now = clock.now()
            system = {"created_at": now, "updated_at": now, "created_by": self.actor_id}
            row = {k: v for k, v in values.items() if k in self.table.c}
            run_before_insert(InsertEvent(self.conn, self.form, row, system, self.actor_id))
            prepared.append((row, system))
        if len(prepared) == 1:
            row, system = prepared[0]
            ids = [
                self.conn.execute(self.table.insert().values(**system, **row)).inserted_primary_key[
                    0
                ]
            ]
        else:
            columns = {k for row, _ in prepared for k in row}
            params = [{**system, **{k: row.get(k) for k in columns}} for row, system in prepared]
            result = self.conn.execute(
                self.table.insert().returning(self.table.c.id, sort_by_parameter_order=True),
                params,
            )
            ids = list(result.scalars())
        payloads = payloads or [{}] * len(ids)
        self.conn.execute(
            activities.insert(),
            [
                self._entry(record_id, kind, payload, system["created_at"])
                for record_id, payload, (_, system) in zip(ids, payloads, prepared, strict=True)
            ],
        )
        for record_id, (row, _) in zip(ids, prepared, strict=True):
            changes = {k: [None, v] for k, v in row.items()}
            run_after_write(
                WriteEvent(self.conn, self.form, record_id, "created", changes, self.actor_id)
            )
        return ids

    def update(self, record_id: int, values: dict, *, expected_revision: int | None = None) -> dict:
        """Change fields of a record; returns ``{key: [old, new]}`` of what really changed
        (only those are written). The row is read locked, so ``old`` is exact however many
        writers race. ``expected_revision``: the revision the caller edited; raises
        :class:`StaleRecord` (nothing written) when the record moved on since.

        Example::

            store.update(7, {"company": "上海某某"}, expected_revision=3)
        """
        current = self.get(record_id, lock=True)
        if current is None:
            raise LookupError(record_id)
        if expected_revision is not None and expected_revision != current.revision:
            raise StaleRecord(current, expected_revision)
        changes = {
            k: [current.values.get(k), v]
            for k, v in values.items()
            if k in self.table.c and current.values.get(k) != v
        }
        if changes:
            now = clock.now()
            revision = current.revision + 1
            written = self.conn.execute(
                self.table.update()
                .where((self.table.c.id == record_id) & (self.table.c.revision == current.revision))
                .values(
                    updated_at=now,
                    revision=revision,
                    **{k: new for k, (_, new) in changes.items()},
                )
            )
            if written.rowcount != 1:  # only without the row lock (a deferred SQLite reader)
                raise StaleRecord(self.get(record_id) or current, expected_revision)
            payload = {"changes": _jsonable(changes), "revision": revision}
            self._log(record_id, "updated", payload, now)
            run_after_write(
                WriteEvent(self.conn, self.form, record_id, "updated", changes, self.actor_id)
            )
        return changes

    def delete(self, record_id: int) -> bool:
        """Soft-delete: the row stays, hidden, and can be restored."""
        if self.get(record_id) is None:
            return False
        now = clock.now()
        self.conn.execute(
            self.table.update()
            .where(self.table.c.id == record_id)
            .values(deleted_at=now, revision=self.table.c.revision + 1)
        )
        self._log(record_id, "deleted", {}, now)
        return True

    def restore(self, record_id: int) -> bool:
        """Undo a soft delete."""
        result = self.conn.execute(
            self.table.update()
            .where((self.table.c.id == record_id) & self.table.c.deleted_at.isnot(None))
            .values(deleted_at=None, revision=self.table.c.revision + 1)
        )
        if result.rowcount:
            self._log(record_id, "restored", {}, clock.now())
        return bool(result.rowcount)

    def timeline(self, record_id: int) -> list[dict]:
        """The record's activities, newest first."""
        rows = self.conn.execute(
            sa.select(activities)
            .where(
                (activities.c.app_key == self.form.app_key)
                & (activities.c.form_key == self.form.key)
                & (activities.c.record_id == record_id)
            )
            .order_by(activities.c.created_at.desc(), activities.c.id.desc())
        )
        return [dict(r._mapping) for r in rows]

    def changes_since(self, record_id: int, revision: int) -> dict:
        """``{key: [old, new]}`` of the writes that took the record past ``revision``, from its
        timeline (what «someone else» changed since a form was loaded at ``revision``)."""
        merged: dict = {}
        for entry in reversed(self.timeline(record_id)):  # oldest first
            payload = entry["payload"] or {}
            if (payload.get("revision") or 0) <= revision:
                continue
            for key, pair in (payload.get("changes") or {}).items():
                if key in self.field_keys and isinstance(pair, list) and len(pair) == 2:
                    merged[key] = [merged[key][0] if key in merged else pair[0], pair[1]]
        return {k: pair for k, pair in merged.items() if pair[0] != pair[1]}

    def _entry(self, record_id: int, kind: str, payload: dict, at) -> dict:
        return {
            "app_key": self.form.app_key,
            "form_key": self.form.key,
            "record_id": record_id,
            "kind": kind,
            "actor_id": self.actor_id,
            "payload": payload,
            "created_at": at,
        }

    def _log(self, record_id: int, kind: str, payload: dict, at) -> None:
        self.conn.execute(activities.insert().values(**self._entry(record_id, kind, payload, at)))


def _jsonable(value):
    """Make change payloads JSON-safe (dates, decimals → strings)."""
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)
