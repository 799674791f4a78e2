"""``stage_changed``: the record's stage moved (optionally from / to given stages)."""

from __future__ import annotations

from tessera.runtime.flows.errors import FlowConfigError
from tessera.runtime.flows.triggers.base import Trigger, check_config
from tessera.runtime.store.write_events import RecordChanged


def stage_field(form) -> str | None:
    """The key of the form's stage field (the first field of the ``stage`` widget)."""
    return next((f.key for f in form.spec.fields if f.widget.type == "stage"), None)


class StageChangedTrigger(Trigger):
    """Starts when the stage field changes, from one of ``from`` and to one of ``to`` when
    given (``{"to": ["won"]}``: a deal was won)."""

    type = "stage_changed"
    label = {"zh-CN": "阶段变化时", "en": "When the stage changes"}
    listens_to = (RecordChanged,)
    config_schema = {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "from": {
                "type": "array",
                "items": {"type": "string"},
                "maxItems": 50,
                "x-input": "stages",
                "x-label": {
                    "zh-CN": "从这些阶段（不选则任意）",
                    "en": "From these stages (none: any)",
                },
            },
            "to": {
                "type": "array",
                "items": {"type": "string"},
                "maxItems": 50,
                "x-input": "stages",
                "x-label": {
                    "zh-CN": "到这些阶段（不选则任意）",
                    "en": "To these stages (none: any)",
                },
            },
        },
    }

    def compile(self, config, form):
        check_config(self.config_schema, config, "/trigger/config")
        key = stage_field(form)
        if key is None:
            raise FlowConfigError(
                "/trigger", "This form has no stage field.", "该表单没有阶段字段。"
            )
        options = {o.get("key") for o in form.spec.field(key).config.get("options", [])}
        for side in ("from", "to"):
            for i, stage in enumerate(config.get(side, [])):
                if options and stage not in options:
                    raise FlowConfigError(
                        f"/trigger/config/{side}/{i}",
                        f"«{stage}» is not a stage of this form.",
                        f"「{stage}」不是本表单的阶段。",
                    )
        return {**config, "field": key}

    def fires(self, event, config, form):
        change = event.changes.get(config["field"])
        if change is None:
            return None
        old, new = change
        if config.get("from") and old not in config["from"]:
            return None
        if config.get("to") and new not in config["to"]:
            return None
        return {"field": config["field"], "from": old, "to": new}
