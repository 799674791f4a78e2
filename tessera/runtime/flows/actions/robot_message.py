"""``robot_message``: a message to a group robot (DingTalk, WeCom, Feishu) — title and text
are templates over the record's fields — through the outbox, once per run and step."""

from __future__ import annotations

from tessera.runtime.flows.actions.base import Action
from tessera.runtime.flows.errors import FlowConfigError
from tessera.runtime.outbox import enqueue
from tessera.runtime.outbox.channels import ROBOTS
from tessera.runtime.outbox.connections import get as get_connection
from tessera.runtime.templating import TemplateError, compile_template, record_context


class RobotMessageAction(Action):
    """Renders ``title`` and ``text`` (``{{ company }}``, ``{% if %}`` …) in the app's first
    language and queues them for the connection's robot."""

    type = "robot_message"
    label = {"zh-CN": "发送群机器人消息", "en": "Send a robot message"}
    config_schema = {
        "type": "object",
        "required": ["connection", "title", "text"],
        "additionalProperties": False,
        "properties": {
            "connection": {
                "type": "string",
                "pattern": "^[a-z][a-z0-9_]{0,39}$",
                "x-input": "connection",
                "x-connections": ["dingtalk", "wecom", "feishu"],
                "x-label": {"zh-CN": "群机器人", "en": "Group robot"},
            },
            "title": {
                "type": "string",
                "minLength": 1,
                "maxLength": 200,
                "x-input": "template",
                "x-label": {"zh-CN": "标题", "en": "Title"},
            },
            "text": {
                "type": "string",
                "minLength": 1,
                "maxLength": 4000,
                "x-input": "template",
                "x-label": {"zh-CN": "内容", "en": "Text"},
            },
        },
    }

    def compile(self, config, form, path):
        super().compile(config, form, path)
        compiled = dict(config)
        for part in ("title", "text"):
            try:
                compiled[part] = compile_template(config[part], form, where=part)
            except TemplateError as exc:
                raise FlowConfigError(f"{path}/{part}", str(exc), str(exc)) from None
        return compiled

    def run(self, ctx, config):
        found = get_connection(ctx.conn, config["connection"])
        if found is None or found.kind not in ROBOTS:
            return {"skipped": "connection_missing", "connection": config["connection"]}
        values = record_context(ctx.form, ctx.record, locale=ctx.locale, conn=ctx.conn)
        payload = {"title": config["title"].render(values), "text": config["text"].render(values)}
        if ctx.dry_run:
            return {"would_send": found.kind, "connection": found.key, **payload}
        message_id, _ = enqueue(
            ctx.conn, ctx.idempotency_key, found.kind, found.key, payload, **ctx.message_refs
        )
        return {"outbox_id": message_id, "connection": found.key, "title": payload["title"]}
