"""Scoring's subscriptions to record writes: a new record gets its first score and grade in
its INSERT (computed from its cleaned values), and every later change or behaviour event of
a scored record recomputes them (a merge's changes to the survivor come as a change)."""

from __future__ import annotations

from tessera.runtime.condition_env import eval_env
from tessera.runtime.scoring.engine import model_for, rescore
from tessera.runtime.store.bus import WriteBus
from tessera.runtime.store.write_events import (
    EventReceived,
    Inserting,
    RecordChanged,
    RecordCreated,
)


def subscribe(bus: WriteBus) -> None:
    """Put scoring on ``bus``."""
    bus.on_insert(score_before_insert)
    bus.subscribe(RecordCreated, rescore_after_create)
    bus.subscribe(RecordChanged, rescore_after_change)
    bus.subscribe(EventReceived, rescore_after_event)


def score_before_insert(event: Inserting) -> None:
    """Put the first score and grade into the new record's values (a new record has no
    behaviour events yet, so its cleaned values and creation time decide)."""
    form = event.form
    model = model_for(form.app, form.key)
    columns = form.table.c
    if model is None or model.score_field not in columns or model.grade_field not in columns:
        return
    created_at = event.system.get("created_at")
    values = {"id": None, "deleted_at": None, **event.system, **event.values}
    env = eval_env(
        now=created_at,
        conn=event.conn,
        app_key=form.app_key,
        linked_tables=lambda key: form.app.form(key).table if form.app.form(key) else None,
    )
    score = model.score(values, env, created_at=created_at)
    event.values[model.score_field] = score
    event.values[model.grade_field] = model.grade_for(score)


def rescore_after_create(event: RecordCreated) -> None:
    """Score a new record that was not scored at insert (its «created» entry covers it)."""
    model = model_for(event.form.app, event.form.key)
    if model is not None and model.score_field not in event.values:
        rescore(event.conn, event.form, event.record_id, actor_id=event.actor_id, log=False)


def rescore_after_change(event: RecordChanged) -> None:
    """Rescore when the write touched a field the model reads (not, say, the owner, or the
    score and grade themselves)."""
    model = model_for(event.form.app, event.form.key)
    if model is not None and model.depends_on(event.changes):
        rescore(event.conn, event.form, event.record_id, actor_id=event.actor_id)


def rescore_after_event(event: EventReceived) -> None:
    """A behaviour event moves the score (e.g. +5 per page view)."""
    if model_for(event.form.app, event.form.key) is not None:
        rescore(event.conn, event.form, event.record_id, actor_id=event.actor_id, reason="event")
