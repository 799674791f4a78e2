"""``event_received``: a behaviour event of a record (an email opened, a page viewed …)."""

from __future__ import annotations

from tessera.runtime.flows.triggers.base import Trigger
from tessera.runtime.store.write_events import EventReceived


class EventReceivedTrigger(Trigger):
    """Starts on every behaviour event of the record (or only of one ``type``)."""

    type = "event_received"
    label = {"zh-CN": "收到行为事件时", "en": "When a behaviour event arrives"}
    listens_to = (EventReceived,)
    config_schema = {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "type": {
                "type": "string",
                "minLength": 1,
                "maxLength": 60,
                "x-label": {
                    "zh-CN": "事件类型（英文标识，如 page_view；不填则任何事件）",
                    "en": "Event type (an identifier such as page_view; empty: any)",
                },
            }
        },
    }

    def fires(self, event, config, form):
        if config.get("type") and event.type != config["type"]:
            return None
        return {"event": event.type, "event_id": event.event_id}
