"""``condition_met``: the record came to match a condition — it did not before the write and
does after (or matches when created); saving it again while it still matches starts nothing."""

from __future__ import annotations

from tessera.conditions import FormSchema, compile_condition
from tessera.runtime import clock
from tessera.runtime.flows.conditions import holds
from tessera.runtime.flows.triggers.base import Trigger, check_config
from tessera.runtime.store.records import RecordStore
from tessera.runtime.store.write_events import EventReceived, RecordChanged, RecordCreated


class ConditionMetTrigger(Trigger):
    """``{"condition": <condition document>}``; a behaviour event can make it true too
    (e.g. «clicked an email and company size over 500»)."""

    type = "condition_met"
    label = {"zh-CN": "满足条件时", "en": "When a condition becomes true"}
    listens_to = (RecordCreated, RecordChanged, EventReceived)
    config_schema = {
        "type": "object",
        "required": ["condition"],
        "additionalProperties": False,
        "properties": {
            "condition": {
                "type": "object",
                "x-input": "condition",
                "x-label": {"zh-CN": "条件", "en": "Condition"},
            }
        },
    }

    def compile(self, config, form):
        check_config(self.config_schema, config, "/trigger/config")
        schema = FormSchema.of_deployed(form)
        path = "/trigger/config/condition"
        return {"condition": compile_condition(config["condition"], schema=schema, path=path)}

    def fires(self, event, config, form):
        record = RecordStore(event.conn, form).get(event.record_id)
        if record is None:
            return None
        now, condition = clock.now(), config["condition"]
        if not holds(condition, event.conn, form, record, now):
            return None
        if isinstance(event, RecordCreated):
            return {"became": True}
        before = {"id": record.id, "created_at": record.created_at, **record.values}
        if isinstance(event, RecordChanged):
            before.update({key: old for key, (old, _) in event.changes.items()})
            was = holds(condition, event.conn, form, record, now, values=before)
        else:  # the event just received: was it true without it?
            was = holds(condition, event.conn, form, record, now, without_event=event)
        return None if was else {"became": True}
