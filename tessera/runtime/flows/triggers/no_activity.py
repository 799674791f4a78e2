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
            "hours": {"type": "integer", "minimum": 1, "maximum": 87600},
            "days": {"type": "integer", "minimum": 1, "maximum": 3650},
        },
    }

    def compile(self, config, form):
        check_config(self.config_schema, config, "/trigger/config")
        span = dt.timedelta(hours=config.get("hours", 0), days=config.get("days", 0))
        return {**config, "span": span}

    def due(self, conn, form, flow, config, now, last):
        since = now - config["span"]
        table = form.table
        mine = (form.app_key, form.key)

        def recent(t, stamp, record_col, *extra):
            return sa.exists().where(
                t.c.app_key == mine[0],
                t.c.form_key == mine[1],
                record_col == table.c.id,
                stamp > since,
                *extra,
            )

        person = sa.or_(activities.c.actor_id.is_not(None), activities.c.kind.in_(ACTIVE_KINDS))
        quiet = [
            table.c.created_at <= since,
            ~recent(events, events.c.occurred_at, events.c.record_id),
            ~recent(activities, activities.c.created_at, activities.c.record_id, person),
            ~recent(
                flow_runs,
                flow_runs.c.started_at,
                flow_runs.c.record_id,
                flow_runs.c.flow_key == flow.key,
            ),
        ]
        for other in form.app.forms.values():
            for field in other.spec.fields:
                if field.widget.type == "link" and field.config.get("form") == form.key:
                    linked = other.table
                    quiet.append(
                        ~sa.exists().where(
                            linked.c[field.key] == table.c.id,
                            linked.c.created_at > since,
                        )
                    )
        return sa.and_(*quiet), {"quiet_since": since.isoformat()}
