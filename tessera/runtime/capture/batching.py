"""Writing an import batch with few statements: new records are held back and inserted
together (one INSERT for the records, one for their timeline entries), while dedup still sees
every row before it — the table's records and the rows earlier in the same batch.

A row that matches nothing is queued under a provisional (negative) id in the in-memory dedup
index; a row that matches something first flushes the queue (so every id is real and records
keep the order of the file), then goes through :func:`save_with_policy` as before.
"""

from __future__ import annotations

from tessera.runtime.capture.merge import save_with_policy
from tessera.runtime.store.records import RecordStore


class BatchWriter:
    """Saves cleaned rows as the form's dedup policy says, inserting new records in bulk.

    Example::

        writer = BatchWriter(store, index=index, origin={"via": "import", "job": 3})
        kinds = [writer.save(values) for values in rows]
        writer.flush()  # before the batch's transaction commits
    """

    def __init__(self, store: RecordStore, *, index, origin: dict):
        self.store, self.index, self.origin = store, index, origin
        self.policy = store.form.spec.dedup
        self.pending: list[dict] = []

    def save(self, values: dict) -> str:
        """``created``, ``merged`` or ``flagged`` — what becomes of ``values``."""
        if self.policy is None or self.index is None:
            self.pending.append(values)
            return "created"
        if self.index.find(values) is None:
            self.pending.append(values)
            self.index.add(-len(self.pending), values)
            return "created"
        self.flush()
        return save_with_policy(self.store, values, index=self.index, origin=self.origin).kind

    def flush(self) -> list[int]:
        """Insert the queued records (and run their hooks); returns their ids."""
        if not self.pending:
            return []
        rows, self.pending = self.pending, []
        ids = self.store.create_many(rows, payloads=[self.origin] * len(rows))
        if self.policy is not None and self.index is not None:
            for position, (record_id, values) in enumerate(zip(ids, rows, strict=True), 1):
                self.index.renumber(-position, record_id, values)
        return ids
