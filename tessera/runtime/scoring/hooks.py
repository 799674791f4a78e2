"""The scoring hooks: a new record gets its first score and grade in its INSERT (computed
from its cleaned values), and every later change to a scored record recomputes them."""

from __future__ import annotations

from tessera.runtime.condition_env import eval_env
from tessera.runtime.scoring.engine import model_for, rescore
from tessera.runtime.store.hooks import (
    InsertEvent,
    WriteEvent,
    register_after_write,
    register_before_insert,
)


@register_before_insert
def score_before_insert(event: InsertEvent) -> None:
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


@register_after_write
def rescore_after_write(event: WriteEvent) -> None:
    """Rescore unless the write only touched the score and grade themselves, or created the
    record with the score it was given at insert."""
    model = model_for(event.form.app, event.form.key)
    if model is None:
        return
    own = {model.score_field, model.grade_field}
    if event.kind == "updated" and set(event.changes) <= own:
        return
    if event.kind == "created" and model.score_field in event.changes:
        return
    rescore(
        event.conn,
        event.form,
        event.record_id,
        actor_id=event.actor_id,
        log=event.kind != "created",
    )
