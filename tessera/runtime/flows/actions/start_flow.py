"""``start_flow``: start another flow of the same form on this record (the loop guard of
:mod:`tessera.runtime.flows.starting` applies: a chain that comes back is stopped)."""

from __future__ import annotations

from tessera.runtime.flows.actions.base import Action
from tessera.runtime.flows.errors import FlowConfigError


class StartFlowAction(Action):
    type = "start_flow"
    label = {"zh-CN": "启动另一个自动化", "en": "Start another automation"}
    config_schema = {
        "type": "object",
        "required": ["flow"],
        "additionalProperties": False,
        "properties": {
            "flow": {
                "type": "string",
                "pattern": "^[a-z][a-z0-9_]{0,39}$",
                "x-input": "flow",
                "x-label": {"zh-CN": "要启动的自动化", "en": "Automation to start"},
            }
        },
    }

    def compile(self, config, form, path):
        super().compile(config, form, path)
        target = (form.app.spec.document.get("flows") or {}).get(config["flow"])
        if not isinstance(target, dict) or target.get("form") != form.key:
            raise FlowConfigError(
                path + "/flow",
                f"«{config['flow']}» is not an automation of this form.",
                f"「{config['flow']}」不是本表单的自动化。",
            )
        return config

    def run(self, ctx, config):
        # Imported here: starting compiles flows, and compiling flows loads the actions.
        from tessera.runtime.flows.starting import start_run

        target = next((f for f in ctx.form.section("flows") or () if f.key == config["flow"]), None)
        if target is None or not target.enabled:
            return {"skipped": "flow_off", "flow": config["flow"]}
        if ctx.dry_run:
            return {"would_start": config["flow"]}
        detail = {"by_flow": ctx.flow_key}
        run_id = start_run(ctx.conn, ctx.form, target, ctx.record.id, detail, started_by=self.type)
        return {"started": config["flow"], "run_id": run_id}
