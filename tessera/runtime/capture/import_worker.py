"""Running an import job: read the file from where the job's last committed batch ended,
write batches of :data:`BATCH` rows (each in its own transaction, with the job's counters),
and stop at a batch boundary when the job is cancelled or taken over
(:mod:`.import_jobs` says how the lease works).

Example::

    start_import(engine, job_id, locale="zh_CN", timezone="Asia/Shanghai")  # a thread
    run_import(engine, job_id, locale="zh_CN", timezone="Asia/Shanghai")  # here and now
"""

from __future__ import annotations

import contextlib
import logging
import threading
from pathlib import Path

import sqlalchemy as sa

from tessera.runtime.capture import import_jobs
from tessera.runtime.capture.batching import BatchWriter
from tessera.runtime.capture.columns import ColumnPlan
from tessera.runtime.capture.dedup import MemoryIndex
from tessera.runtime.capture.importer import file_kind, problems_of, read_rows
from tessera.runtime.catalog import AppCatalog
from tessera.runtime.database import write_turn, writer
from tessera.runtime.forms.values import InvalidInput, clean_values
from tessera.runtime.lookups import widget_context
from tessera.runtime.store.records import RecordStore
from tessera.runtime.tables import capture_import_jobs as jobs
from tessera.runtime.tables import capture_import_rejects as rejects

BATCH = 500
COUNTERS = ("processed_rows", "created_count", "merged_count", "flagged_count", "rejected_count")
KIND_COUNTER = {"created": "created_count", "merged": "merged_count", "flagged": "flagged_count"}
log = logging.getLogger(__name__)


def start_import(
    engine: sa.Engine,
    job_id: int,
    *,
    locale: str,
    timezone: str,
    lease_s: float = import_jobs.LEASE_S,
    resume_failed: bool = False,
) -> threading.Thread | None:
    """Claim the job and run it in a daemon thread of this process; None when the job is
    not to be taken (another worker holds it, or it is finished or cancelled)."""
    engine = writer(engine)  # claims and batches read, then write: they begin as writers
    token = import_jobs.claim(engine, job_id, lease_s=lease_s, resume_failed=resume_failed)
    if token is None:
        return None
    thread = threading.Thread(
        target=run_import,
        args=(engine, job_id),
        kwargs={"locale": locale, "timezone": timezone, "token": token},
        name=f"tessera-import-{job_id}",
        daemon=True,
    )
    thread.start()
    return thread


def resume_abandoned(
    engine: sa.Engine, *, locale: str, timezone: str, lease_s: float = import_jobs.LEASE_S
) -> list[int]:
    """Resume every job whose worker is gone (for a server that starts); their ids."""
    engine = writer(engine)
    with engine.connect() as conn:
        ids = import_jobs.abandoned_jobs(conn, lease_s=lease_s)
    started = [
        job_id
        for job_id in ids
        if start_import(engine, job_id, locale=locale, timezone=timezone, lease_s=lease_s)
    ]
    for job_id in started:
        log.info("import job %s resumed from its last committed batch", job_id)
    return started


def run_import(engine: sa.Engine, job_id: int, *, locale: str, timezone: str, token=None) -> None:
    """Import the job's rows after its last committed batch, as the worker ``token`` (claimed
    here when None). The job ends ``done``, ``failed`` with the error, or ``cancelled``."""
    engine = writer(engine)
    token = token or import_jobs.claim(engine, job_id, lease_s=import_jobs.LEASE_S)
    if token is None:
        return
    try:
        _import_rows(engine, job_id, token, locale=locale, timezone=timezone)
    except import_jobs.JobStopped:
        import_jobs.finish(engine, job_id, token, status="cancelled")
        return
    except Exception as exc:  # the job row says what went wrong; the thread must not die silently
        import_jobs.finish(engine, job_id, token, status="failed", error=str(exc)[:2000])
        raise
    import_jobs.finish(engine, job_id, token, status="done")


def _import_rows(engine, job_id, token, *, locale, timezone) -> None:
    with engine.connect() as conn:
        job = conn.execute(sa.select(jobs).where(jobs.c.id == job_id)).one()
        app = AppCatalog().get(conn, job.app_key)
        form = app.form(job.form_key)
        policy = form.spec.dedup
        index = MemoryIndex.load(conn, form, policy) if policy else None
        conn.rollback()
        counts = {name: getattr(job, name) for name in COUNTERS}
        run = _Run(conn, app, form, job, token, index, counts, locale, timezone)
        rows = read_rows(Path(job.path), file_kind(job.path) or "csv")
        _, headers = next(rows, (1, []))
        run.plan = ColumnPlan.build(form, headers, job.mapping)
        batch: list = []
        last = job.resume_after
        for number, cells in rows:
            if number <= job.resume_after:
                continue  # committed before the worker that held the job stopped
            last = number
            if any(c.strip() for c in cells):
                batch.append((number, cells))
            if len(batch) >= BATCH:
                run.write(headers, batch, last_line=last)
                batch = []
        run.write(headers, batch, last_line=last)


class _Run:
    """One worker's pass over a job: writes a batch and its bookkeeping in one transaction."""

    plan = None  # the job's ColumnPlan, set once the header is read

    def _without_bad_cells(self, raw, exc: InvalidInput, ctx):
        """With the job's ``empty_bad_cells`` option: the row's values with its bad cells
        left empty, when none of them is a required field's (else None: refused)."""
        if not (self.job.options or {}).get("empty_bad_cells"):
            return None
        spec = self.form.spec
        if any(not spec.has_field(k) or spec.field(k).required for k in exc.errors):
            return None
        try:
            return clean_values(
                self.form, {**raw, **dict.fromkeys(exc.errors)}, ctx, strict_keys=False
            )
        except InvalidInput:
            return None

    def __init__(self, conn, app, form, job, token, index, counts, locale, timezone):
        self.conn, self.app, self.form, self.job, self.token = conn, app, form, job, token
        self.index, self.counts, self.locale, self.timezone = index, counts, locale, timezone

    def write(self, headers, batch, *, last_line) -> None:
        job, conn = self.job, self.conn
        counts = dict(self.counts)  # kept only when the batch commits
        # Each batch takes its turn with the web requests of this process (SQLite), so a long
        # import never starves a save or a «cancel» until it ends.
        with write_turn(conn.engine) or contextlib.nullcontext(), conn.begin():
            import_jobs.renew(conn, job.id, self.token)  # the write lock first, and the fence
            ctx = widget_context(conn, self.app, locale=self.locale, timezone=self.timezone)
            store = RecordStore(conn, self.form, actor_id=job.created_by)
            writer = BatchWriter(store, index=self.index, origin={"via": "import", "job": job.id})
            rejected = []
            for number, cells in batch:
                raw = self.plan.raw(cells)
                try:
                    values = clean_values(self.form, raw, ctx, strict_keys=False)
                except InvalidInput as exc:
                    values = self._without_bad_cells(raw, exc, ctx)
                    emptied = values is not None
                    rejected.extend(
                        problems_of(job.id, number, headers, cells, job, exc, emptied=emptied)
                    )
                    if not emptied:
                        counts["rejected_count"] += 1
                        continue
                counts[KIND_COUNTER[writer.save(values)]] += 1
            writer.flush()
            if rejected:
                conn.execute(rejects.insert(), rejected)
            counts["processed_rows"] += len(batch)
            conn.execute(
                jobs.update().where(jobs.c.id == job.id).values(**counts, resume_after=last_line)
            )
        self.counts = counts
