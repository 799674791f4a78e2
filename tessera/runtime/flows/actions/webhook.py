"""``webhook``: POST the record as JSON to a connection, signed (HMAC-SHA256), through the
outbox: queued in the step's transaction, sent after it commits, once per run and step."""

from __future__ import annotations

from tessera.runtime.flows.actions.base import Action
from tessera.runtime.outbox import enqueue
from tessera.runtime.outbox.connections import get as get_connection
from tessera.runtime.records_json import iso_stamp, record_to_json
from tessera.widgets import WidgetContext


class WebhookAction(Action):
    """Sends ``{"event", "app", "form", "flow", "run_id", "step", "occurred_at", "record"}``;
    ``record`` reads as the REST API reads it."""

    type = "webhook"
    label = {"zh-CN": "调用 Webhook", "en": "Call a webhook"}
    config_schema = {
        "type": "object",
        "required": ["connection"],
        "additionalProperties": False,
        "properties": {
            "connection": {
                "type": "string",
                "pattern": "^[a-z][a-z0-9_]{0,39}$",
                "x-input": "connection",
                "x-connections": ["webhook"],
                "x-label": {"zh-CN": "Webhook 连接", "en": "Webhook connection"},
            },
            "event": {
                "type": "string",
                "pattern": "^[a-z][a-z0-9_.]{0,59}$",
                "x-label": {
                    "zh-CN": "事件名（英文标识，如 lead.sales_ready）",
                    "en": "Event name (an identifier such as lead.sales_ready)",
                },
            },
        },
    }

    def run(self, ctx, config):
        found = get_connection(ctx.conn, config["connection"])
        if found is None or found.kind != "webhook":
            return {"skipped": "connection_missing", "connection": config["connection"]}
        payload = {
            "event": config.get("event", f"flow.{ctx.flow_key}"),
            "app": ctx.form.app_key,
            "form": ctx.form.key,
            "flow": ctx.flow_key,
            "run_id": ctx.run_id,
            "step": ctx.step_key,
            "occurred_at": iso_stamp(ctx.now),
            "record": record_to_json(ctx.record, ctx.form, WidgetContext(locale="en")),
        }
        if ctx.dry_run:
            return {"would_send": "webhook", "connection": found.key, "payload": payload}
        message_id, _ = enqueue(
            ctx.conn,
            ctx.idempotency_key,
            "webhook",
            found.key,
            payload,
            **ctx.message_refs,
        )
        return {"outbox_id": message_id, "connection": found.key}
