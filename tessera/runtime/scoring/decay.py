"""Time-based rescoring (decay: «no interaction for 30 days → −10»), run by the scheduler
and ``tessera tick``. SQL finds the records whose score moved as of the instant; each is then
rescored through the per-record path, so its timeline and after-write hooks see the change."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from tessera.runtime import clock
from tessera.runtime.catalog import AppCatalog
from tessera.runtime.condition_env import eval_env, sql_scope
from tessera.runtime.scoring.engine import model_for, rescore


def stale_records(conn, form, model, *, now: dt.datetime) -> list[int]:
    """Ids of live records whose stored score differs from the model's score at ``now``."""
    table = form.table
    scope = sql_scope(form, eval_env(now=now, conn=conn, app_key=form.app_key))
    expected = model.sql_score(scope)
    stored = table.c[model.score_field]
    return list(
        conn.execute(
            sa.select(table.c.id).where(
                table.c.deleted_at.is_(None), sa.or_(stored.is_(None), stored != expected)
            )
        ).scalars()
    )


def run_score_decay(
    conn, at: dt.datetime | None = None, *, catalog: AppCatalog | None = None
) -> dict:
    """Rescore every record whose time-dependent score changed as of ``at`` (default: now).
    Returns ``{"app/form": number of records rescored}``.

    Example::

        run_score_decay(conn, datetime(2026, 12, 24, tzinfo=UTC))  # {"leads/lead": 3}
    """
    at = at or clock.now()
    summary: dict[str, int] = {}
    with clock.frozen_at(at):
        for app in (catalog or AppCatalog()).all(conn):
            for form in app.forms.values():
                model = model_for(app, form.key)
                if model is None or not (model.decay or model.events or _uses_time(model)):
                    continue
                ids = stale_records(conn, form, model, now=at)
                for record_id in ids:
                    rescore(conn, form, record_id, reason="time")
                summary[f"{app.key}/{form.key}"] = len(ids)
    return summary


def rescore_stale(conn, app, form_key: str, *, reason: str = "model") -> int:
    """After publishing a new model: rescore (per record, with timeline entries) every
    record whose stored score differs from the new model's. Returns how many moved."""
    model, form = model_for(app, form_key), app.form(form_key)
    if model is None or form is None:
        return 0
    ids = stale_records(conn, form, model, now=clock.now())
    for record_id in ids:
        rescore(conn, form, record_id, reason=reason)
    return len(ids)


def _uses_time(model) -> bool:
    return any(r.condition.uses_events for r in model.attributes)
