"""``set_field``: give a field of the record a value (``lifecycle`` → ``sql``)."""

from __future__ import annotations

from tessera.runtime.flows.actions.base import Action
from tessera.runtime.flows.errors import FlowConfigError
from tessera.widgets import FieldError, WidgetContext


class SetFieldAction(Action):
    """Sets ``field`` to ``value`` (normalized by the field's widget at publish)."""

    type = "set_field"
    label = {"zh-CN": "设置字段", "en": "Set a field"}
    config_schema = {
        "type": "object",
        "required": ["field", "value"],
        "additionalProperties": False,
        "properties": {
            "field": {
                "type": "string",
                "x-input": "field",
                "x-fields": "settable",
                "x-label": {"zh-CN": "字段", "en": "Field"},
            },
            "value": {
                "x-input": "field_value",
                "x-of": "field",
                "x-label": {"zh-CN": "设为", "en": "New value"},
            },
        },
    }

    def compile(self, config, form, path):
        super().compile(config, form, path)
        key = config["field"]
        if not form.spec.has_field(key) or form.spec.field(key).computed:
            raise FlowConfigError(
                path + "/field",
                f"«{key}» is not a field a flow can set.",
                f"「{key}」不是流程可以设置的字段。",
            )
        field = form.spec.field(key)
        try:
            value = field.widget.normalize(
                config["value"], config=field.config, ctx=WidgetContext()
            )
            if value is not None:
                field.widget.validate(value, config=field.config, ctx=WidgetContext())
        except FieldError as exc:
            raise FlowConfigError(path + "/value", exc.message, exc.message) from None
        return {"field": key, "value": value}

    def run(self, ctx, config):
        changes = ctx.store.update(
            ctx.record.id, {config["field"]: config["value"]}, payload=ctx.origin
        )
        return {"changes": changes}
