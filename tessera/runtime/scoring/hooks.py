"""The after-write hook: every change to a scored record recomputes its score and grade."""

from __future__ import annotations

from tessera.runtime.scoring.engine import model_for, rescore
from tessera.runtime.store.hooks import WriteEvent, register_after_write


@register_after_write
def rescore_after_write(event: WriteEvent) -> None:
    """Rescore unless the write only touched the score and grade themselves."""
    model = model_for(event.form.app, event.form.key)
    if model is None:
        return
    own = {model.score_field, model.grade_field}
    if event.kind == "updated" and set(event.changes) <= own:
        return
    rescore(
        event.conn,
        event.form,
        event.record_id,
        actor_id=event.actor_id,
        log=event.kind != "created",
    )
