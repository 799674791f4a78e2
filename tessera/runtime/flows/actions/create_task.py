"""``create_task``: a task on the record for its owner (or a role's user), due in N hours."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from tessera.runtime.auth.roles import ROLES
from tessera.runtime.flows.actions.base import Action
from tessera.runtime.tables import tasks, users


class CreateTaskAction(Action):
    """A task titled ``title`` (in the app's first language), due ``due_hours`` from now.
    Once per run and step.

    ``assignee`` says for whom: ``"owner"`` (the default) is the record's owner, or nobody
    (the team's shared queue) when it has none; ``{"role": "marketing"}`` is the active,
    available user of that role with the fewest open tasks (the lowest id among equals), or
    nobody when the role has none.
    """

    type = "create_task"
    label = {"zh-CN": "创建任务", "en": "Create a task"}
    config_schema = {
        "type": "object",
        "required": ["title"],
        "additionalProperties": False,
        "properties": {
            "title": {
                "type": "string",
                "minLength": 1,
                "maxLength": 200,
                "x-label": {"zh-CN": "任务标题", "en": "Task title"},
            },
            "due_hours": {
                "type": "integer",
                "minimum": 0,
                "maximum": 8760,
                "default": 24,
                "x-label": {"zh-CN": "几小时内完成", "en": "Due in (hours)"},
            },
            "assignee": {
                "x-label": {"zh-CN": "负责人", "en": "Assignee"},
                "x-input": "kept",
                "oneOf": [
                    {"const": "owner"},
                    {
                        "type": "object",
                        "required": ["role"],
                        "additionalProperties": False,
                        "properties": {"role": {"enum": list(ROLES)}},
                    },
                ],
            },
        },
    }

    def run(self, ctx, config):
        choice = config.get("assignee", "owner")
        if isinstance(choice, dict):
            assignee = role_user(ctx.conn, choice["role"])
        else:
            owner_key = ctx.form.spec.role("owner")
            assignee = ctx.record.values.get(owner_key) if owner_key else None
        due = ctx.now + dt.timedelta(hours=config.get("due_hours", 24))
        task_id = ctx.conn.execute(
            sa.insert(tasks).values(
                app_key=ctx.form.app_key,
                form_key=ctx.form.key,
                record_id=ctx.record.id,
                title=config["title"],
                assignee_id=assignee,
                due_at=due,
                created_at=ctx.now,
            )
        ).inserted_primary_key[0]
        ctx.store.note(
            ctx.record.id,
            "task_created",
            {
                **ctx.origin,
                "task_id": task_id,
                "title": config["title"],
                "assignee_id": assignee,
                "due_at": due.isoformat(),
            },
        )
        return {
            "task_id": task_id,
            "title": config["title"],
            "assignee_id": assignee,
            "due_at": due.isoformat(),
        }


def role_user(conn, role: str) -> int | None:
    """The active, available user of ``role`` with the fewest open tasks (lowest id first)."""
    open_tasks = (
        sa.select(sa.func.count())
        .where((tasks.c.assignee_id == users.c.id) & (tasks.c.status == "open"))
        .scalar_subquery()
    )
    query = (
        sa.select(users.c.id)
        .where((users.c.role == role) & users.c.active & users.c.available)
        .order_by(open_tasks, users.c.id)
        .limit(1)
    )
    return conn.execute(query).scalar()
