"""``field_changed``: a field of a record changed (optionally to one value)."""

from __future__ import annotations

from tessera.runtime.flows.errors import FlowConfigError
from tessera.runtime.flows.triggers.base import Trigger, check_config
from tessera.runtime.store.write_events import RecordChanged


class FieldChangedTrigger(Trigger):
    """Starts when ``field`` changes (to ``to``, when given: e.g. stage → won)."""

    type = "field_changed"
    label = {"zh-CN": "字段变化时", "en": "When a field changes"}
    listens_to = (RecordChanged,)
    config_schema = {
        "type": "object",
        "required": ["field"],
        "additionalProperties": False,
        "properties": {
            "field": {
                "type": "string",
                "x-input": "field",
                "x-label": {"zh-CN": "字段", "en": "Field"},
            },
            "to": {
                "x-input": "field_value",
                "x-of": "field",
                "x-label": {
                    "zh-CN": "变为（不填则任何变化）",
                    "en": "Changes to (empty: any change)",
                },
            },
        },
    }

    def compile(self, config, form):
        check_config(self.config_schema, config, "/trigger/config")
        if not form.spec.has_field(config["field"]):
            raise FlowConfigError(
                "/trigger/config/field",
                f"«{config['field']}» is not a field of this form.",
                f"「{config['field']}」不是本表单的字段。",
            )
        return config

    def fires(self, event, config, form):
        change = event.changes.get(config["field"])
        if change is None or ("to" in config and change[1] != config["to"]):
            return None
        return {"field": config["field"], "from": change[0], "to": change[1]}
