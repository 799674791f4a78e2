"""Starting flows from write events: the flows section's triggers hear the one record writer's
events (subscribed by the composition root, :mod:`tessera.runtime.wiring`), whichever way the
write came (the UI, an import, the API, another flow). A started run is a row and a timer due
now, in the writer's transaction; a worker (or ``tessera tick``) runs it.

Loop guard: a run carries the chain of (flow, record) that led to it; a flow about to start
again on a record already in its chain, or past :data:`MAX_DEPTH`, is recorded as a
``skipped`` run saying why, instead of running without end.
"""

from __future__ import annotations

from contextvars import ContextVar

from tessera.runtime import clock
from tessera.runtime.flows.compiled import CompiledFlow, cursor_text
from tessera.runtime.flows.conditions import holds
from tessera.runtime.store.records import RecordStore
from tessera.runtime.tables import flow_runs, flow_timers

MAX_DEPTH = 5
# Built once: a write that starts runs pays for no statement building.
INSERT_RUN = flow_runs.insert()
INSERT_TIMER = flow_timers.insert()
FIRST = cursor_text((0,))

# The (flow, record) pairs of the run whose step is writing now (set by the runner).
running_chain: ContextVar[tuple] = ContextVar("running_chain", default=())


def start_triggered(event) -> None:
    """Start every enabled flow of the event's form whose trigger fires on it and whose «only
    when» condition the record now matches."""
    flows = event.form.section("flows")
    for flow in flows or ():
        if not flow.enabled or not isinstance(event, flow.trigger.listens_to):
            continue
        detail = flow.trigger.fires(event, flow.trigger_config, event.form)
        if detail is None:
            continue
        if flow.only_if is not None:
            record = RecordStore(event.conn, event.form).get(event.record_id)
            if record is None or not holds(
                flow.only_if, event.conn, event.form, record, clock.now()
            ):
                continue
        start_run(event.conn, event.form, flow, event.record_id, detail)


def start_run(
    conn, form, flow: CompiledFlow, record_id: int, detail: dict, *, started_by: str | None = None
) -> int:
    """Insert the run and its first timer (due now); returns the run's id. ``started_by``:
    what started it when not its own trigger (``start_flow``: another flow's step)."""
    chain = running_chain.get()
    now = clock.now()
    row = {
        "app_key": form.app_key,
        "app_version": form.app.version,
        "flow_key": flow.key,
        "form_key": form.key,
        "record_id": record_id,
        "trigger": {"type": started_by or flow.trigger.type, **detail},
        "chain": [list(pair) for pair in chain],
        "started_at": now,
    }
    refusal = _loop(chain, flow.key, record_id)
    if refusal is not None:
        row.update(state="skipped", error=refusal, finished_at=now)
        return conn.execute(INSERT_RUN, row).inserted_primary_key[0]
    row.update(
        state="running" if flow.steps else "done",
        error=None,
        finished_at=None if flow.steps else now,
    )
    run_id = conn.execute(INSERT_RUN, row).inserted_primary_key[0]
    if flow.steps:
        timer = {"run_id": run_id, "cursor": FIRST, "state": "due", "due_at": now}
        conn.execute(INSERT_TIMER, {**timer, "created_at": now})
    return run_id


def _loop(chain: tuple, flow_key: str, record_id: int) -> str | None:
    if (flow_key, record_id) in chain:
        path = " → ".join(f for f, _ in chain)
        return f"loop: «{flow_key}» already ran on this record in this chain ({path})"
    if len(chain) >= MAX_DEPTH:
        return f"loop: {len(chain)} flows already led here (at most {MAX_DEPTH})"
    return None
