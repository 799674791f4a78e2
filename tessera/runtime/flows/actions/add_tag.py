"""``add_tag`` / ``remove_tag``: a tag on the record's tags field (``dormant``)."""

from __future__ import annotations

from tessera.runtime.flows.actions.base import Action
from tessera.runtime.flows.errors import FlowConfigError


class AddTagAction(Action):
    """Adds ``tag`` to the list field ``field`` (the form's first tags field by default)."""

    type = "add_tag"
    label = {"zh-CN": "添加标签", "en": "Add a tag"}
    config_schema = {
        "type": "object",
        "required": ["tag"],
        "additionalProperties": False,
        "properties": {
            "tag": {
                "type": "string",
                "minLength": 1,
                "maxLength": 40,
                "x-label": {"zh-CN": "标签", "en": "Tag"},
            },
            "field": {
                "type": "string",
                "x-input": "field",
                "x-fields": "list",
                "x-label": {"zh-CN": "标签字段", "en": "Tags field"},
            },
        },
    }

    def compile(self, config, form, path):
        super().compile(config, form, path)
        key = config.get("field") or next(
            (f.key for f in form.spec.fields if f.widget.condition_type == "list"), None
        )
        if key is None or not form.spec.has_field(key):
            raise FlowConfigError(
                path + "/field", "This form has no tags field.", "该表单没有标签字段。"
            )
        return {"tag": config["tag"], "field": key}

    def run(self, ctx, config):
        tags = list(ctx.record.values.get(config["field"]) or [])
        wanted = self.changed(tags, config["tag"])
        changes = ctx.store.update(ctx.record.id, {config["field"]: wanted}, payload=ctx.origin)
        return {"changes": changes}

    def changed(self, tags: list, tag: str) -> list:
        return tags if tag in tags else [*tags, tag]


class RemoveTagAction(AddTagAction):
    """Removes ``tag`` from the list field ``field``."""

    type = "remove_tag"
    label = {"zh-CN": "移除标签", "en": "Remove a tag"}

    def changed(self, tags: list, tag: str) -> list:
        return [t for t in tags if t != tag]
