"""Scoring at run time: the compiled model of a published form (its ``scoring`` section), one
record's score and explanation, and writing a changed score with its timeline entry."""

from __future__ import annotations

import sqlalchemy as sa

from tessera.conditions import EvalEnv, Event
from tessera.conditions.env import utc
from tessera.runtime import clock
from tessera.runtime.condition_env import eval_env
from tessera.runtime.scoring.model import Explanation, ScoringModel
from tessera.runtime.store.hooks import WriteEvent, run_after_write
from tessera.runtime.tables import activities, events


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
    """Recompute a record's score and grade; when they change, write them, add a ``scored``
    timeline entry (old → new, the rules that fired; not for the first score of a new record,
    which its «created» entry covers: ``log=False``) and run the after-write hooks."""
    model = model_for(form.app, form.key)
    if model is None:
        return None
    result = explain_record(conn, form, record_id, model=model)
    if result is None:
        return None
    table = form.table
    old_score, old_grade = conn.execute(
        sa.select(table.c[model.score_field], table.c[model.grade_field]).where(
            table.c.id == record_id
        )
    ).one()
    if old_score == result.score and old_grade == result.grade:
        return result
    revision = conn.execute(
        table.update()
        .where(table.c.id == record_id)
        .values(
            {
                model.score_field: result.score,
                model.grade_field: result.grade,
                "revision": table.c.revision + 1,  # a new score is a new revision too
            }
        )
        .returning(table.c.revision)
    ).scalar_one()
    changes = {model.score_field: [old_score, result.score]}
    if old_grade != result.grade:
        changes[model.grade_field] = [old_grade, result.grade]
    payload = {
        "score": [old_score, result.score],
        "grade": [old_grade, result.grade],
        "reason": reason,
        "thresholds": list(result.thresholds),
        "rules": [{"key": f.key, "points": f.points, "times": f.times} for f in result.fired],
        "changes": changes,
        "revision": revision,
    }
    if log:
        conn.execute(
            activities.insert().values(
                app_key=form.app_key,
                form_key=form.key,
                record_id=record_id,
                kind="scored",
                actor_id=actor_id,
                payload=payload,
                created_at=clock.now(),
            )
        )
    run_after_write(WriteEvent(conn, form, record_id, "updated", changes, actor_id))
    return result
