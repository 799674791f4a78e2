"""``send_email``: one of the app's emails to the record's address, in the record's
language, through the outbox (once per run and step), with a note on the record's timeline.

A step that cannot send skips and says why in the run history: the record has no address,
the address is not one, or it unsubscribed from the app's emails.
"""

from __future__ import annotations

import re

from tessera.builder.roles import role_registry
from tessera.runtime.flows.actions.base import Action
from tessera.runtime.flows.errors import FlowConfigError
from tessera.runtime.mail import email_language, is_unsubscribed
from tessera.runtime.mail.html_text import html_to_text
from tessera.runtime.outbox import enqueue

# What an address must look like to be handed to SMTP (the email widget normalizes and
# validates on input; records written before that, or imported raw, are checked again here).
ADDRESS = re.compile(r"^[^@\s<>(),;:\"]+@[^@\s<>(),;:\"]+\.[^@\s<>(),;:\"]+$")


class SendEmailAction(Action):
    """Sends the email ``email`` (a key of the app's ``emails``) to the address in field
    ``to`` (default: the form's email field)."""

    type = "send_email"
    label = {"zh-CN": "发送邮件", "en": "Send an email"}
    config_schema = {
        "type": "object",
        "required": ["email"],
        "additionalProperties": False,
        "properties": {
            "email": {
                "type": "string",
                "pattern": "^[a-z][a-z0-9_]{0,39}$",
                "x-input": "email_document",
                "x-label": {"zh-CN": "邮件", "en": "Email"},
            },
            "to": {
                "type": "string",
                "x-input": "field",
                "x-fields": "text",
                "x-label": {
                    "zh-CN": "收件地址字段（默认：邮箱）",
                    "en": "Address field (default: the email)",
                },
            },
        },
    }

    def compile(self, config, form, path):
        super().compile(config, form, path)
        email = (form.section("emails") or {}).get(config["email"])
        if email is None:
            raise FlowConfigError(
                path + "/email",
                f"There is no email «{config['email']}» for this form.",
                f"本表单没有邮件「{config['email']}」。",
            )
        to = config.get("to") or form.spec.role("email")
        if to is None:
            raise FlowConfigError(
                path + "/to",
                "This form has no email field to send to.",
                "该表单没有可发送的邮箱字段。",
            )
        field = form.spec.field(to) if form.spec.has_field(to) else None
        if field is None or not role_registry.get("email").accepts(field.widget):
            raise FlowConfigError(
                path + "/to", f"«{to}» is not an email field.", f"「{to}」不是邮箱字段。"
            )
        return {"email": email, "to": to}

    def run(self, ctx, config):
        email = config["email"]
        address = str(ctx.record.values.get(config["to"]) or "").strip()
        if not address:
            return {"skipped": "no_address", "email": email.key, "field": config["to"]}
        if not ADDRESS.match(address) or len(address) > 254:
            return {"skipped": "invalid_address", "email": email.key, "to": address}
        if is_unsubscribed(ctx.conn, ctx.form.app_key, address):
            return {"skipped": "unsubscribed", "email": email.key, "to": address}
        language = email_language(ctx.form, ctx.record)
        rendered = email.render(ctx.form, ctx.record, language=language, conn=ctx.conn)
        if ctx.dry_run:
            return {
                "would_send": "email",
                "to": address,
                "email": email.key,
                "language": language,
                "subject": rendered.subject,
                "html": rendered.html,
                "text": html_to_text(rendered.html),
            }
        payload = {
            "app": ctx.form.app_key,
            "form": ctx.form.key,
            "record_id": ctx.record.id,
            "email": email.key,
            "language": language,
            "subject": rendered.subject,
            "html": rendered.html,
        }
        message_id, queued = enqueue(
            ctx.conn, ctx.idempotency_key, "email", address, payload, **ctx.message_refs
        )
        if queued:
            ctx.store.note(
                ctx.record.id,
                "email_sent",
                {
                    **ctx.origin,
                    "email": email.key,
                    "subject": rendered.subject,
                    "to": address,
                    "outbox_id": message_id,
                },
            )
        return {
            "outbox_id": message_id,
            "to": address,
            "email": email.key,
            "language": language,
            "subject": rendered.subject,
        }
