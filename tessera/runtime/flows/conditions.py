"""Whether a compiled condition holds for a stored record now (branches, a trigger's «only
when», condition triggers): its field values and its behaviour events."""

from __future__ import annotations

import dataclasses

from tessera.runtime.scoring.engine import record_env


def holds(
    condition, conn, form, record, now, *, values: dict | None = None, without_event=None
) -> bool:
    """``condition`` on ``record`` (or on ``values``, e.g. the record as it was before a
    write), with the record's events as of ``now`` (less ``without_event``, an
    :class:`~tessera.runtime.store.write_events.EventReceived`: the record before it)."""
    if values is None:
        values = {"id": record.id, "created_at": record.created_at, **record.values}
    env = record_env(conn, form, record.id, now=now)
    if without_event is not None:
        env = dataclasses.replace(env, events=_less(env.events, without_event))
    return bool(condition.predicate(values, env))


def _less(events: tuple, dropped) -> tuple:
    for i in range(len(events) - 1, -1, -1):  # the newest such event: the one just received
        if events[i].type == dropped.type and events[i].props == dropped.props:
            return events[:i] + events[i + 1 :]
    return events
