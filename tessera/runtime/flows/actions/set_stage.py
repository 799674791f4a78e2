"""``set_stage``: move the record to a stage of its stage field (``qualified``)."""

from __future__ import annotations

from tessera.runtime.flows.actions.base import Action
from tessera.runtime.flows.errors import FlowConfigError
from tessera.runtime.flows.triggers.stage_changed import stage_field


class SetStageAction(Action):
    """Sets the form's stage field to ``stage`` (an option key, checked at publish)."""

    type = "set_stage"
    label = {"zh-CN": "设置阶段", "en": "Set the stage"}
    config_schema = {
        "type": "object",
        "required": ["stage"],
        "additionalProperties": False,
        "properties": {
            "stage": {
                "type": "string",
                "minLength": 1,
                "maxLength": 60,
                "x-input": "stage",
                "x-label": {"zh-CN": "阶段", "en": "Stage"},
            }
        },
    }

    def compile(self, config, form, path):
        super().compile(config, form, path)
        key = stage_field(form)
        if key is None:
            raise FlowConfigError(path, "This form has no stage field.", "该表单没有阶段字段。")
        options = {o.get("key") for o in form.spec.field(key).config.get("options", [])}
        if config["stage"] not in options:
            raise FlowConfigError(
                path + "/stage",
                f"«{config['stage']}» is not a stage of this form.",
                f"「{config['stage']}」不是本表单的阶段。",
            )
        return {"field": key, "stage": config["stage"]}

    def run(self, ctx, config):
        changes = ctx.store.update(
            ctx.record.id, {config["field"]: config["stage"]}, payload=ctx.origin
        )
        return {"changes": changes}
