"""A test run (a rehearsal): a flow (a draft one too) walked on a chosen record without leaving a trace.

Each step runs as it would — actions with ``dry_run`` set, so those that send say what they
would send instead of queueing it — inside a savepoint that is rolled back at the end, so
nothing a step wrote stays and nothing leaves the system. Waits do not wait: the walk notes
how long the run would wait there and goes on with the record as it is now, taking the side
of each branch the record's current values choose.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tessera.runtime import clock
from tessera.runtime.flows.actions.base import RunContext
from tessera.runtime.flows.conditions import holds
from tessera.runtime.flows.history import KIND_LABELS
from tessera.runtime.store.records import RecordStore

MAX_STEPS = 200


@dataclass
class Walked:
    """One step of a test run: what it did or would do."""

    key: str
    kind: str
    label: object
    state: str  # done | skipped | would_wait | failed
    detail: dict = field(default_factory=dict)
    depth: int = 0


def rehearse(conn, form, flow, record_id: int) -> list[Walked]:
    """Walk ``flow`` (a CompiledFlow of ``form``) on record ``record_id``; returns the steps
    in the order they would run. Raises ``LookupError`` when there is no such record."""
    if RecordStore(conn, form).get(record_id) is None:
        raise LookupError(record_id)
    walked: list[Walked] = []
    savepoint = conn.begin_nested()
    try:
        _walk(conn, form, flow, flow.steps, record_id, walked, 0)
    finally:
        savepoint.rollback()
    return walked


def _walk(conn, form, flow, steps, record_id, walked, depth) -> bool:
    """Walk ``steps``; False once a step failed (the run would stop there)."""
    for step in steps:
        if len(walked) >= MAX_STEPS:
            return False
        now = clock.now()
        record = RecordStore(conn, form).get(record_id)
        if record is None:
            walked.append(
                Walked(
                    step.key, step.kind, step.label, "skipped", {"reason": "record_deleted"}, depth
                )
            )
            return False
        if step.kind == "wait" and step.until is not None:
            met = holds(step.until, conn, form, record, now)
            seconds = int(step.duration.total_seconds())
            walked.append(
                Walked(
                    step.key,
                    step.kind,
                    step.label,
                    "done" if met else "would_wait",
                    {"met": True} if met else {"seconds": seconds, "until_condition": True},
                    depth,
                )
            )
            if not met and not _walk(
                conn, form, flow, step.on_timeout, record_id, walked, depth + 1
            ):
                return False
            continue
        if step.kind == "wait":
            detail = {"seconds": int((step.duration or 0) and step.duration.total_seconds())}
            if step.until_field:
                detail["until_field"] = step.until_field
            walked.append(Walked(step.key, step.kind, _title(step), "would_wait", detail, depth))
            continue
        if step.kind == "branch":
            yes = holds(step.condition, conn, form, record, now)
            walked.append(
                Walked(
                    step.key,
                    step.kind,
                    step.label,
                    "done",
                    {"result": "yes" if yes else "no"},
                    depth,
                )
            )
            if not _walk(
                conn, form, flow, step.then if yes else step.otherwise, record_id, walked, depth + 1
            ):
                return False
            continue
        ctx = RunContext(
            conn,
            form,
            record,
            None,
            flow.key,
            step.key,
            now,
            trigger={"type": "test"},
            dry_run=True,
        )
        try:
            with conn.begin_nested():
                did = step.action.run(ctx, step.config)
        except Exception as exc:  # the walk reports the failure the run would retry
            error = f"{type(exc).__name__}: {exc}"
            walked.append(
                Walked(step.key, step.kind, _title(step), "failed", {"error": error}, depth)
            )
            return False
        state = "skipped" if did.get("skipped") else "done"
        walked.append(Walked(step.key, step.kind, _title(step), state, did, depth))
    return True


def _title(step):
    """What the step is called: its label, else its action's, else its kind's."""
    if step.label:
        return step.label
    return step.action.label if step.action is not None else KIND_LABELS.get(step.kind)
