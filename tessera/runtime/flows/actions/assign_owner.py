"""``assign_owner``: give the record an owner by first-match-wins rules over the assignment
strategies (:mod:`tessera.runtime.flows.assignment`), say why on its timeline and tell the
new owner in the app."""

from __future__ import annotations

from dataclasses import dataclass

from tessera.runtime.flows.actions.base import Action
from tessera.runtime.flows.assignment import AssignContext, assignment_registry
from tessera.runtime.flows.assignment.rules import RULE_SCHEMA, compile_rules, decide
from tessera.runtime.flows.errors import FlowConfigError
from tessera.runtime.notifications import notify
from tessera.runtime.scoring.engine import record_env


@dataclass(frozen=True)
class AssignOwnerConfig:
    rules: tuple
    keep_existing: bool


class AssignOwnerAction(Action):
    """Sets the owner field (its role) to the user the first applicable rule finds, through
    the record writer (timeline kind ``assigned``, its reason kept structured), and notifies
    that user. Nobody found: the owner stays empty, the timeline says why
    (``assignment_failed``) and so does the run's history. A record that already has an
    owner keeps it unless ``keep_existing`` is false.

    Example::

        {"rules": [
            {"when": {"field": "source", "op": "eq", "value": "trade_show"},
             "strategy": {"type": "round_robin", "team": "east_china"},
             "label": {"zh-CN": "展会", "en": "Trade show"}},
            {"strategy": {"type": "round_robin", "role": "sales"}}]}
    """

    type = "assign_owner"
    label = {"zh-CN": "分配负责人", "en": "Assign an owner"}
    config_schema = {
        "type": "object",
        "required": ["rules"],
        "additionalProperties": False,
        "properties": {
            "rules": {
                "type": "array",
                "minItems": 1,
                "maxItems": 30,
                "items": RULE_SCHEMA,
                "default": [{"strategy": {"type": "round_robin", "role": "sales"}}],
                "x-input": "kept",
                "x-label": {"zh-CN": "分配规则", "en": "Assignment rules"},
            },
            "keep_existing": {
                "type": "boolean",
                "default": True,
                "x-label": {"zh-CN": "已有负责人时保留", "en": "Keep an existing owner"},
            },
        },
    }

    def compile(self, config, form, path):
        super().compile(config, form, path)
        if form.spec.role("owner") is None:
            raise FlowConfigError(path, "This form has no owner field.", "该表单没有负责人字段。")
        rules = compile_rules(config["rules"], form, path + "/rules", assignment_registry)
        return AssignOwnerConfig(rules, config.get("keep_existing", True))

    def run(self, ctx, config):
        owner = ctx.form.spec.role("owner")
        record = ctx.record
        current = record.values.get(owner)
        if current is not None and config.keep_existing:
            return {"assigned": False, "owner_id": current, "why": "already_owned"}
        values = {"id": record.id, "created_at": record.created_at, **record.values}
        env = record_env(ctx.conn, ctx.form, record.id, now=ctx.now)
        decision = decide(config.rules, AssignContext(ctx.conn, ctx.form, values, ctx.now), env)
        if decision.user is None:
            ctx.store.note(
                record.id, "assignment_failed", {**ctx.origin, "assignment": decision.reason}
            )
            return {"assigned": False, "assignment": decision.reason}
        payload = {**ctx.origin, "assignment": decision.reason}
        changes = ctx.store.update(
            record.id, {owner: decision.user.id}, kind="assigned", payload=payload
        )
        notify(
            ctx.conn,
            user_id=decision.user.id,
            kind="assigned",
            app_key=ctx.form.app_key,
            form_key=ctx.form.key,
            record_id=record.id,
            key=ctx.idempotency_key,
            run_id=ctx.run_id,
            payload={
                "title": _title(ctx.form, record.values),
                "form_label": ctx.form.spec.label,
                "assignment": decision.reason,
            },
        )
        return {
            "assigned": True,
            "owner_id": decision.user.id,
            "changes": changes,
            "assignment": decision.reason,
        }


def _title(form, values: dict) -> str:
    """The record's title as people read it (its title field), for the notification."""
    key = form.spec.title_field
    value = values.get(key) if key else None
    return "" if value is None else str(value)
