"""``no_activity``: a record nobody has touched for a while (SLA reclaim, re-engagement).

Activity is what a person or a prospect did: a timeline entry by a user, an assignment, a
behaviour event (page view, email open …), or a record linking to it (a follow-up). Writes by
flows and rescoring are not activity. A record quiet for the whole span starts a run at the
sweep after the span ends, and again after each further span of quiet.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from tessera.runtime.flows.triggers.base import Trigger, check_config
from tessera.runtime.tables import activities, events, flow_runs

# Timeline entries that count as activity even without a user (an owner given by a flow).
ACTIVE_KINDS = ("assigned",)


class NoActivityTrigger(Trigger):
    """``{"hours": 24}`` or ``{"days": 90}``: no activity for that long."""

    type = "no_activity"
    label = {"zh-CN": "一段时间无活动时", "en": "When a record has no activity for a while"}
    sweeps = True
    config_schema = {
        "type": "object",
        "additionalProperties": False,
        "minProperties": 1,
        "properties": {
            "hours": {
                "type": "integer",
                "minimum": 1,
                "maximum": 87600,
                "x-label": {"zh-CN": "小时", "en": "Hours"},
            },
            "days": {
                "type": "integer",
                "minimum": 1,
                "maximum": 3650,
                "x-label": {"zh-CN": "天", "en": "Days"},
            },
        },
    }

    def compile(self, config, form):
        check_config(self.config_schema, config, "/trigger/config")
        span = dt.timedelta(hours=config.get("hours", 0), days=config.get("days", 0))
        return {**config, "span": span}

    def due(self, conn, form, flow, config, now, last):
        since = now - config["span"]
        table = form.table

        ran = sa.exists().where(
            flow_runs.c.app_key == form.app_key,
            flow_runs.c.flow_key == flow.key,
            flow_runs.c.record_id == table.c.id,
            flow_runs.c.started_at > since,
        )
        quiet = [table.c.created_at <= since, ~ran]
        quiet += [~sa.exists(stamps.where(stamp > since)) for stamps, stamp in _activity(form)]
        hours = int(config["span"].total_seconds() // 3600)
        return sa.and_(*quiet), {"quiet_hours": hours}

    def describe(self, conn, form, record_id, detail):
        """The run keeps when the record was last active (its creation at the latest)."""
        table = form.table
        latest = [sa.select(table.c.created_at).where(table.c.id == record_id).scalar_subquery()]
        for stamps, stamp in _activity(form, record_id):
            latest.append(stamps.with_only_columns(sa.func.max(stamp)).scalar_subquery())
        times = [t for t in conn.execute(sa.select(*latest)).one() if t is not None]
        last = max(t if t.tzinfo else t.replace(tzinfo=dt.UTC) for t in times)
        return {**detail, "quiet_since": last.isoformat()}


def _activity(form, record_id: int | None = None) -> list[tuple[sa.Select, sa.ColumnElement]]:
    """``(select of one record's activity rows, their time column)`` for each kind of
    activity: of ``record_id``, or correlated with the form's table."""
    table = form.table
    record = table.c.id if record_id is None else sa.literal(record_id)
    mine = (form.app_key, form.key)
    person = sa.or_(activities.c.actor_id.is_not(None), activities.c.kind.in_(ACTIVE_KINDS))
    out = [
        (
            sa.select(events.c.id).where(
                events.c.app_key == mine[0],
                events.c.form_key == mine[1],
                events.c.record_id == record,
            ),
            events.c.occurred_at,
        ),
        (
            sa.select(activities.c.id).where(
                activities.c.app_key == mine[0],
                activities.c.form_key == mine[1],
                activities.c.record_id == record,
                person,
            ),
            activities.c.created_at,
        ),
    ]
    for other in form.app.forms.values():
        for field in other.spec.fields:
            if field.widget.type == "link" and field.config.get("form") == form.key:
                linked = other.table
                out.append(
                    (
                        sa.select(linked.c.id).where(linked.c[field.key] == record),
                        linked.c.created_at,
                    )
                )
    return out
