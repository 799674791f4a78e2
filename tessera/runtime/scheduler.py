"""The periodic work of a process: due flow steps and queued messages every few seconds,
scheduled and «no activity» flows every minute, score decay hourly, the recycle bin's purge
daily.

APScheduler drives the claim loop; it never stores waits (they are ``flow_timers`` rows, see
:mod:`tessera.runtime.flows.runner`): one job per interval, at most one instance at a time,
missed runs coalesced. ``tessera serve`` starts it in the background (the single-machine
default), ``tessera worker`` runs it in the foreground for scale-out; several processes may
run it at once, the timers' leases keep each step to one of them.
"""

from __future__ import annotations

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler

from tessera.runtime.database import writer
from tessera.runtime.flows.runner import run_due
from tessera.runtime.flows.sweeping import sweep
from tessera.runtime.lists.recycle import purge_recycle_bin
from tessera.runtime.outbox import deliver_due
from tessera.runtime.scoring.decay import run_score_decay

FLOW_INTERVAL_S = 2
DECAY_INTERVAL_S = 3600
SWEEP_INTERVAL_S = 60
PURGE_INTERVAL_S = 24 * 3600


def background(
    engine, catalog, settings, *, interval_s: float = FLOW_INTERVAL_S
) -> BackgroundScheduler:
    """A started scheduler running in threads of this process (``serve``)."""
    scheduler = BackgroundScheduler(timezone="UTC")
    scheduler = _with_jobs(scheduler, engine, catalog, settings, interval_s)
    scheduler.start()
    return scheduler


def foreground(
    engine, catalog, settings, *, interval_s: float = FLOW_INTERVAL_S
) -> BlockingScheduler:
    """A scheduler whose ``start()`` blocks until it is shut down (``tessera worker``)."""
    return _with_jobs(BlockingScheduler(timezone="UTC"), engine, catalog, settings, interval_s)


def _with_jobs(scheduler: BaseScheduler, engine, catalog, settings, interval_s) -> BaseScheduler:
    common = {"max_instances": 1, "coalesce": True, "misfire_grace_time": None}
    scheduler.add_job(
        run_due,
        "interval",
        seconds=interval_s,
        args=[engine],
        kwargs={"catalog": catalog},
        id="flows",
        **common,
    )
    scheduler.add_job(
        sweep,
        "interval",
        seconds=SWEEP_INTERVAL_S,
        args=[engine],
        kwargs={"catalog": catalog},
        id="sweep",
        **common,
    )
    scheduler.add_job(
        deliver_due,
        "interval",
        seconds=interval_s,
        args=[engine, settings],
        id="outbox",
        **common,
    )
    scheduler.add_job(
        _decay, "interval", seconds=DECAY_INTERVAL_S, args=[engine, catalog], id="decay", **common
    )
    scheduler.add_job(
        purge_recycle_bin,
        "interval",
        seconds=PURGE_INTERVAL_S,
        args=[engine, catalog],
        id="recycle_bin",
        **common,
    )
    return scheduler


def _decay(engine, catalog) -> None:
    with writer(engine).begin() as conn:
        run_score_decay(conn, catalog=catalog)
