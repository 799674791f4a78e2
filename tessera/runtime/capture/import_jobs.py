"""The life of an import job: one worker at a time holds it under a lease, it resumes from
its last committed batch when that worker is gone, and it can be cancelled.

A worker *claims* a job with one conditional UPDATE that writes a fresh token into
``worker`` and the time into ``heartbeat_at``. Each batch then begins with :func:`renew`,
which moves the heartbeat on only while the job is still this worker's, still running and
not asked to cancel; the batch's rows, its rejected rows, the counters and ``resume_after``
(the file line it ends at) commit together. So:

- a worker killed mid-batch loses that batch whole, and its heartbeat stops: once older than
  the lease, the job is *abandoned* and the next claim resumes after ``resume_after``, with
  every row imported exactly once;
- a worker that only looked dead (a batch slower than the lease) finds its token replaced at
  its next batch and stops without writing;
- a cancel is seen at the next batch (or at once when no worker holds the job).

On SQLite every transaction here starts with its write, so it takes the write lock first
instead of failing to upgrade a read snapshot when another connection wrote meanwhile.
"""

from __future__ import annotations

import datetime as dt
import uuid

import sqlalchemy as sa

from tessera.runtime import clock
from tessera.runtime.database import writer
from tessera.runtime.tables import capture_import_jobs as jobs

LEASE_S = 120  # a batch of 500 rows takes about a second; two minutes of silence is death


class JobStopped(Exception):
    """The worker no longer holds its job (cancelled, or claimed by another worker)."""


def _stale(now: dt.datetime, lease_s: float):
    return jobs.c.heartbeat_at.is_(None) | (
        jobs.c.heartbeat_at < now - dt.timedelta(seconds=lease_s)
    )


def claim(engine: sa.Engine, job_id: int, *, lease_s: float, resume_failed=False) -> str | None:
    """Take ``job_id`` for a new worker: a job not started yet, a running one whose worker
    is gone (heartbeat older than ``lease_s``) and, with ``resume_failed``, a failed one.
    Returns the worker's token, or None when the job is not to be taken.

    Example::

        token = claim(engine, 7, lease_s=LEASE_S)
    """
    now = clock.now()
    takeable = (jobs.c.status == "uploaded") | ((jobs.c.status == "running") & _stale(now, lease_s))
    if resume_failed:
        takeable = takeable | (jobs.c.status == "failed")
    token = uuid.uuid4().hex
    with engine.begin() as conn:
        taken = conn.execute(
            jobs.update()
            .where((jobs.c.id == job_id) & takeable & jobs.c.cancel_requested_at.is_(None))
            .values(
                status="running",
                worker=token,
                heartbeat_at=now,
                started_at=sa.func.coalesce(jobs.c.started_at, now),
                resumed_count=sa.case(
                    (jobs.c.status == "uploaded", jobs.c.resumed_count),
                    else_=jobs.c.resumed_count + 1,
                ),
                error=None,
                finished_at=None,
            )
        ).rowcount
    return token if taken == 1 else None


def renew(conn: sa.Connection, job_id: int, token: str) -> None:
    """First statement of each batch: move the heartbeat on, or raise :class:`JobStopped`
    when the job was cancelled or taken by another worker."""
    held = conn.execute(
        jobs.update()
        .where(
            (jobs.c.id == job_id)
            & (jobs.c.worker == token)
            & (jobs.c.status == "running")
            & jobs.c.cancel_requested_at.is_(None)
        )
        .values(heartbeat_at=clock.now())
    ).rowcount
    if held != 1:
        raise JobStopped(job_id)


def finish(engine: sa.Engine, job_id: int, token: str, *, status: str, error=None) -> None:
    """Mark the job ``done``, ``failed`` (with ``error``) or — when it stopped because a
    cancel was asked — ``cancelled``; only while ``token`` still holds it."""
    held = (jobs.c.id == job_id) & (jobs.c.worker == token)
    if status == "cancelled":
        held = held & jobs.c.cancel_requested_at.is_not(None)
    with engine.begin() as conn:
        conn.execute(
            jobs.update()
            .where(held)
            .values(status=status, error=error, finished_at=clock.now(), worker=None)
        )


def request_cancel(engine: sa.Engine, job_id: int, *, user_id: int, lease_s: float) -> str:
    """Ask to cancel: a job no worker holds (not started, failed, or its worker gone) is
    ``cancelled`` at once; a running one is ``cancelling`` until its worker sees it at the
    next batch. Returns the outcome, or ``unchanged`` for a finished job."""
    engine = writer(engine)
    now = clock.now()
    idle = (jobs.c.status.in_(("uploaded", "failed"))) | (
        (jobs.c.status == "running") & _stale(now, lease_s)
    )
    asked = {"cancel_requested_at": now, "cancelled_by": user_id}
    with engine.begin() as conn:
        if conn.execute(
            jobs.update()
            .where((jobs.c.id == job_id) & idle)
            .values(status="cancelled", finished_at=now, worker=None, **asked)
        ).rowcount:
            return "cancelled"
        if conn.execute(
            jobs.update()
            .where(
                (jobs.c.id == job_id)
                & (jobs.c.status == "running")
                & jobs.c.cancel_requested_at.is_(None)
            )
            .values(**asked)
        ).rowcount:
            return "cancelling"
    return "unchanged"


def is_abandoned(job, *, lease_s: float) -> bool:
    """Whether a job row says «running» but its worker stopped beating (gone)."""
    if job.status != "running":
        return False
    beat = job.heartbeat_at
    if beat is None:
        return True
    if beat.tzinfo is None:  # SQLite hands back naive UTC
        beat = beat.replace(tzinfo=dt.UTC)
    return beat < clock.now() - dt.timedelta(seconds=lease_s)


def abandoned_jobs(conn: sa.Connection, *, lease_s: float) -> list[int]:
    """Ids of running jobs whose worker is gone (for a restarted server to resume)."""
    query = sa.select(jobs.c.id).where(
        (jobs.c.status == "running")
        & jobs.c.cancel_requested_at.is_(None)
        & _stale(clock.now(), lease_s)
    )
    return [row.id for row in conn.execute(query.order_by(jobs.c.id))]
