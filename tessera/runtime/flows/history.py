"""What flows did, for people to read: runs of a record or of a flow, each with its steps (in
the order they ran) and the messages it queued, and the flow's label from the version the
run started in."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import sqlalchemy as sa

from tessera.conditions.env import utc
from tessera.registry import UnknownType
from tessera.runtime.flows.actions import action_registry
from tessera.runtime.publishing import version_document
from tessera.runtime.tables import flow_runs, flow_steps, outbox

RECENT = dt.timedelta(days=7)


@dataclass
class StepView:
    key: str
    label: object
    state: str  # done | skipped | waiting | failed | retried
    detail: dict
    attempt: int
    at: dt.datetime


@dataclass
class RunView:
    id: int
    app_key: str
    flow_key: str
    flow_label: object
    form_key: str
    record_id: int | None
    state: str  # running | waiting | done | failed | skipped
    trigger: dict
    error: str | None
    started_at: dt.datetime
    finished_at: dt.datetime | None
    steps: list[StepView] = field(default_factory=list)
    messages: list[dict] = field(default_factory=list)


def runs_of_record(conn, app_key: str, form_key: str, record_id: int, *, limit: int = 20):
    """The record's latest runs, newest first, with their steps."""
    r = flow_runs
    where = (r.c.app_key == app_key) & (r.c.form_key == form_key) & (r.c.record_id == record_id)
    return _runs(conn, where, limit=limit)


def runs_of_flow(conn, app_key: str, flow_key: str, *, state=None, limit=50, offset=0):
    """A flow's runs, newest first (only those in ``state`` when given), with their steps."""
    r = flow_runs
    where = (r.c.app_key == app_key) & (r.c.flow_key == flow_key)
    if state:
        where &= r.c.state == state
    return _runs(conn, where, limit=limit, offset=offset)


def run(conn, run_id: int) -> RunView | None:
    """One run with its steps and messages, or None."""
    found = _runs(conn, flow_runs.c.id == run_id, limit=1)
    return found[0] if found else None


def recent_counts(conn, app_key: str, now: dt.datetime) -> dict[str, dict[str, int]]:
    """``{flow key: {state: runs started in the last 7 days}}``."""
    r = flow_runs
    rows = conn.execute(
        sa.select(r.c.flow_key, r.c.state, sa.func.count())
        .where((r.c.app_key == app_key) & (r.c.started_at >= now - RECENT))
        .group_by(r.c.flow_key, r.c.state)
    )
    counts: dict[str, dict[str, int]] = {}
    for flow_key, state, n in rows:
        counts.setdefault(flow_key, {})[state] = n
    return counts


def _runs(conn, where, *, limit: int, offset: int = 0) -> list[RunView]:
    r = flow_runs
    rows = conn.execute(
        sa.select(r)
        .where(where)
        .order_by(r.c.started_at.desc(), r.c.id.desc())
        .limit(limit)
        .offset(offset)
    ).all()
    if not rows:
        return []
    ids = [row.id for row in rows]
    labels = _flow_labels(conn, {(row.app_key, row.app_version) for row in rows})
    views = {
        row.id: RunView(
            row.id,
            row.app_key,
            row.flow_key,
            labels.get((row.app_key, row.app_version), {}).get(row.flow_key, {}).get("label"),
            row.form_key,
            row.record_id,
            row.state,
            dict(row.trigger or {}),
            row.error,
            utc(row.started_at),
            utc(row.finished_at),
        )
        for row in rows
    }
    step_labels = {
        row.id: _step_labels(labels.get((row.app_key, row.app_version), {}).get(row.flow_key, {}))
        for row in rows
    }
    s = flow_steps
    for step in conn.execute(sa.select(s).where(s.c.run_id.in_(ids)).order_by(s.c.id)):
        views[step.run_id].steps.append(
            StepView(
                step.step_key,
                step_labels[step.run_id].get(step.step_key),
                step.state,
                dict(step.detail or {}),
                step.attempt,
                utc(step.finished_at),
            )
        )
    o = outbox
    for message in conn.execute(sa.select(o).where(o.c.run_id.in_(ids)).order_by(o.c.id)):
        views[message.run_id].messages.append(
            {
                "id": message.id,
                "channel": message.channel,
                "target": message.target,
                "state": message.state,
                "attempt": message.attempt,
                "error": message.error,
                "sent_at": utc(message.sent_at),
                "title": (message.payload or {}).get("title")
                or (message.payload or {}).get("subject"),
                # why a message the channel took was not sent on (an email without SMTP)
                "not_sent": (message.result or {}).get("not_sent"),
            }
        )
    return [views[i] for i in ids]


def _flow_labels(conn, versions: set) -> dict:
    """``{(app, version): {flow key: flow document}}`` of the versions the runs started in."""
    out = {}
    for app_key, number in versions:
        doc = version_document(conn, app_key, number)
        out[(app_key, number)] = (doc or {}).get("flows") or {}
    return out


def _step_labels(flow_doc: dict) -> dict:
    """``{step key: its label}``: the one the flow gives it, else what its kind is called
    (the action's label, «分支», «等待»), never its key."""
    labels = {}

    def walk(steps):
        for step in steps or ():
            labels[step.get("key")] = step.get("label") or _kind_label(step)
            for lane in ("then", "else", "on_timeout"):
                walk(step.get(lane))

    walk(flow_doc.get("steps"))
    return labels


KIND_LABELS = {
    "branch": {"zh-CN": "分支", "en": "Branch"},
    "wait": {"zh-CN": "等待", "en": "Wait"},
}


def _kind_label(step: dict):
    if step.get("type") == "action":
        try:
            return action_registry.get(step.get("action", "")).label
        except UnknownType:
            return None
    return KIND_LABELS.get(step.get("type"))
