"""``return_to_pool``: the record loses its owner and goes back to the public pool (公海)."""

from __future__ import annotations

from tessera.runtime.flows.actions.base import Action
from tessera.runtime.flows.errors import FlowConfigError


class ReturnToPoolAction(Action):
    """Clears the owner; the timeline says why (``reason``, e.g. «24 小时未跟进»), who owned
    it, and — started by «no activity» — since when it was quiet."""

    type = "return_to_pool"
    label = {"zh-CN": "退回公海", "en": "Return to the public pool"}
    config_schema = {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "reason": {
                "type": "string",
                "maxLength": 200,
                "x-label": {"zh-CN": "原因", "en": "Reason"},
            }
        },
    }

    def compile(self, config, form, path):
        super().compile(config, form, path)
        if form.spec.role("owner") is None:
            raise FlowConfigError(path, "This form has no owner field.", "该表单没有负责人字段。")
        return config

    def run(self, ctx, config):
        owner = ctx.form.spec.role("owner")
        payload = {
            **ctx.origin,
            "reason": config.get("reason", ""),
            "owner_id": ctx.record.values.get(owner),
        }
        if (ctx.trigger or {}).get("quiet_since"):
            payload["quiet_since"] = ctx.trigger["quiet_since"]
        if ctx.dry_run:
            return {"would_clear": owner, **payload}
        changes = ctx.store.update(
            ctx.record.id, {owner: None}, kind="returned_to_pool", payload=payload
        )
        return {"changes": changes, "reason": payload["reason"]}
