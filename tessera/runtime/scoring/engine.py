"""Scoring at run time: the compiled model of a published form (its ``scoring`` section), one
record's score and explanation, and writing a changed score through the record writer."""

from __future__ import annotations

import sqlalchemy as sa

from tessera.conditions import EvalEnv, Event
from tessera.conditions.env import utc
from tessera.runtime.condition_env import eval_env
from tessera.runtime.scoring.model import Explanation, ScoringModel
from tessera.runtime.store.records import RecordStore
from tessera.runtime.tables import events


def model_for(app, form_key: str) -> ScoringModel | None:
    """The scoring model of ``form_key`` in a DeployedApp (None if it has none): the form's
    ``scoring`` section, compiled once per published version with the app."""
    form = app.form(form_key) if app is not None else None
    return form.section("scoring") if form is not None else None


def record_events(conn, form, record_id: int) -> tuple[Event, ...]:
    """The record's behaviour events, oldest first."""
    rows = conn.execute(
        sa.select(events.c.type, events.c.props, events.c.occurred_at)
        .where(
            (events.c.app_key == form.app_key)
            & (events.c.form_key == form.key)
            & (events.c.record_id == record_id)
        )
        .order_by(events.c.occurred_at, events.c.id)
    )
    return tuple(Event(r.type, r.props or {}, utc(r.occurred_at)) for r in rows)


def record_env(conn, form, record_id: int, *, now=None, user_id=None) -> EvalEnv:
    """An env holding the record's events, for scoring it."""
    return eval_env(
        now=now,
        user_id=user_id,
        conn=conn,
        app_key=form.app_key,
        events=record_events(conn, form, record_id),
        linked_tables=lambda key: form.app.form(key).table if form.app.form(key) else None,
    )


def explain_record(conn, form, record_id: int, *, model=None, now=None) -> Explanation | None:
    """Which rules fire for a stored record and its score (None without a model/record)."""
    model = model or model_for(form.app, form.key)
    table = form.table
    row = conn.execute(sa.select(table).where(table.c.id == record_id)).first()
    if model is None or row is None:
        return None
    values = dict(row._mapping)
    env = record_env(conn, form, record_id, now=now)
    return model.explain(values, env, created_at=values["created_at"])


def rescore(
    conn, form, record_id: int, *, actor_id=None, reason: str = "changed", log: bool = True
) -> Explanation | None:
    """Recompute a record's score and grade; when they change, write them through the record
    writer with a ``scored`` timeline entry (old → new, the reason, the rules that fired; none
    for the first score of a new record, which its «created» entry covers: ``log=False``)."""
    model = model_for(form.app, form.key)
    if model is None:
        return None
    result = explain_record(conn, form, record_id, model=model)
    if result is None:
        return None
    store = RecordStore(conn, form, actor_id=actor_id)
    current = store.get(record_id)
    if current is None:  # deleted: its score stays as it was
        return result
    old_score = current.values.get(model.score_field)
    old_grade = current.values.get(model.grade_field)
    if old_score == result.score and old_grade == result.grade:
        return result
    payload = {
        "score": [old_score, result.score],
        "grade": [old_grade, result.grade],
        "reason": reason,
        "thresholds": list(result.thresholds),
        "rules": [{"key": f.key, "points": f.points, "times": f.times} for f in result.fired],
    }
    store.update(
        record_id,
        {model.score_field: result.score, model.grade_field: result.grade},
        kind="scored" if log else None,
        payload=payload,
    )
    return result
