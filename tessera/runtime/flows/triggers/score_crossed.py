"""``score_crossed``: a record's score reached a threshold from below (e.g. 80: sales-ready)."""

from __future__ import annotations

from tessera.runtime.flows.errors import FlowConfigError
from tessera.runtime.flows.triggers.base import Trigger, check_config
from tessera.runtime.store.write_events import RecordChanged, RecordCreated


class ScoreCrossedTrigger(Trigger):
    """Starts when the score goes from below ``at`` to ``at`` or more (once per crossing, not
    on every save above it); a record created at or above it starts it too."""

    type = "score_crossed"
    label = {"zh-CN": "评分达到阈值时", "en": "When the score reaches a threshold"}
    listens_to = (RecordCreated, RecordChanged)
    config_schema = {
        "type": "object",
        "required": ["at"],
        "additionalProperties": False,
        "properties": {
            "at": {
                "type": "integer",
                "minimum": -100000,
                "maximum": 100000,
                "default": 80,
                "x-label": {"zh-CN": "阈值", "en": "Threshold"},
            }
        },
    }

    def compile(self, config, form):
        check_config(self.config_schema, config, "/trigger/config")
        if form.section("scoring") is None:
            raise FlowConfigError(
                "/trigger", "This form has no scoring model.", "该表单没有评分模型。"
            )
        return config

    def fires(self, event, config, form):
        field = form.section("scoring").score_field
        if isinstance(event, RecordCreated):
            old, new = None, event.values.get(field)
        elif field in event.changes:
            old, new = event.changes[field]
        else:
            return None
        at = config["at"]
        if new is None or new < at or (old is not None and old >= at):
            return None
        return {"score": [old, new], "at": at}
