"""Flows in words for pages: what a trigger listens for, what started a run, what each step
did (labels and values as the record shows them, never keys or JSON), and a run's state."""

from __future__ import annotations

import datetime as dt

from flask_babel import format_datetime
from flask_babel import gettext as _

from tessera.runtime.flows.assignment.explain import explain as explain_assignment
from tessera.runtime.web.i18n import current_locale, label
from tessera.widgets import WidgetContext

STATE_LABELS = {
    "running": ("Running", "运行中"),
    "waiting": ("Waiting", "等待中"),
    "done": ("Done", "已完成"),
    "failed": ("Failed", "失败"),
    "skipped": ("Skipped", "已跳过"),
    "retried": ("Retried", "已重试"),
    "would_wait": ("Would wait", "将等待"),
    "pending": ("Queued", "排队中"),
    "sending": ("Sending", "发送中"),
    "sent": ("Sent", "已发送"),
}


def state_label(state: str) -> str:
    en, zh = STATE_LABELS.get(state, (state, state))
    return en if current_locale() == "en" else zh


def _field_label(form, key: str) -> str:
    if form is not None and form.spec.has_field(key):
        return label(form.spec.field(key).label)
    return key


def _value(form, key: str, value) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if form is not None and form.spec.has_field(key):
        field = form.spec.field(key)
        try:
            ctx = WidgetContext(locale=current_locale())
            return field.widget.display(value, config=dict(field.config), ctx=ctx)
        except Exception:  # a value its widget cannot show any more reads as stored
            return str(value)
    return str(value)


def _when(text) -> str:
    try:
        return format_datetime(dt.datetime.fromisoformat(text), "short")
    except (TypeError, ValueError):
        return str(text)


def flow_trigger_text(flow, form) -> str:
    """What a published flow listens for: «评分达到 80 时», «No activity for 24 hours» …"""
    config, kind = flow.trigger_config or {}, flow.trigger.type
    base = label(flow.trigger.label)
    if kind == "score_crossed":
        return _("When the score reaches %(at)s", at=config["at"])
    if kind == "no_activity":
        hours = int(config["span"].total_seconds() // 3600)
        if hours % 24 == 0 and hours >= 48:
            return _("No activity for %(n)s days", n=hours // 24)
        return _("No activity for %(n)s hours", n=hours)
    if kind == "field_changed":
        field = _field_label(form, config["field"])
        if "to" in config:
            return _(
                "%(field)s changes to %(value)s",
                field=field,
                value=_value(form, config["field"], config["to"]),
            )
        return _("%(field)s changes", field=field)
    if kind == "schedule":
        return _("On a schedule (%(cron)s)", cron=config["cron"])
    if kind == "stage_changed" and config.get("to"):
        values = ", ".join(_value(form, config["field"], v) for v in config["to"])
        return _("The stage moves to %(stages)s", stages=values)
    return base


def run_trigger_text(trigger: dict, form) -> str:
    """What started one run."""
    kind = trigger.get("type")
    if kind == "score_crossed":
        old, new = trigger.get("score", [None, None])
        return _(
            "Score %(old)s → %(new)s (threshold %(at)s)",
            old="—" if old is None else old,
            new=new,
            at=trigger.get("at"),
        )
    if kind == "no_activity":
        return _("No activity since %(when)s", when=_when(trigger.get("quiet_since")))
    if kind in ("field_changed", "stage_changed"):
        key = trigger.get("field", "")
        return _(
            "%(field)s: %(old)s → %(new)s",
            field=_field_label(form, key),
            old=_value(form, key, trigger.get("from")),
            new=_value(form, key, trigger.get("to")),
        )
    if kind == "record_created":
        return _("Record created")
    if kind == "schedule":
        return _("Scheduled for %(when)s", when=_when(trigger.get("scheduled_at")))
    if kind == "condition_met":
        return _("Its condition became true")
    if kind == "start_flow":
        return _("Started by the automation «%(flow)s»", flow=trigger.get("by_flow", ""))
    if kind == "event_received":
        return _(
            "Event: %(type)s", type=trigger.get("event_type") or trigger.get("type_received") or ""
        )
    return kind or ""


def step_text(step, form) -> str:
    """What one step did, or why it did nothing."""
    detail = step.detail or {}
    if step.state == "failed":
        if "retry_at" in detail:
            return _(
                "Failed, will retry at %(when)s: %(error)s",
                when=_when(detail["retry_at"]),
                error=detail.get("error", ""),
            )
        return _("Failed: %(error)s", error=detail.get("error", ""))
    if step.state == "retried":
        return _("Retried by a person")
    if detail.get("skipped") == "connection_missing":
        return _(
            "Skipped: the connection «%(key)s» is not set up or is turned off",
            key=detail.get("connection"),
        )
    if detail.get("skipped") == "record_deleted" or detail.get("reason") == "record_deleted":
        return _("Skipped: the record was deleted")
    if detail.get("skipped") == "no_address":
        return _(
            "Skipped: the record has no address in %(field)s",
            field=_field_label(form, detail.get("field", "")),
        )
    if detail.get("skipped") == "invalid_address":
        return _("Skipped: «%(to)s» is not an email address", to=detail.get("to", ""))
    if detail.get("skipped") == "unsubscribed":
        return _("Skipped: %(to)s unsubscribed from these emails", to=detail.get("to", ""))
    if detail.get("skipped"):
        return _("Skipped: %(reason)s", reason=detail.get("message") or detail["skipped"])
    if "assignment" in detail:
        return explain_assignment(detail["assignment"], current_locale())
    if detail.get("why") == "already_owned":
        return _("Already has an owner: nothing to assign")
    if detail.get("met"):
        return _("The condition holds: going on")
    if detail.get("timed_out"):
        return _("The condition did not hold in time: the timeout steps run")
    if detail.get("until_condition") and "deadline" in detail:
        return _("Waits for the condition, at most until %(when)s", when=_when(detail["deadline"]))
    if detail.get("until_condition"):
        return _(
            "Would wait for the condition up to %(hours)s hours; if it does not hold:",
            hours=round(detail.get("seconds", 0) / 3600, 1),
        )
    if "result" in detail:
        return _("Condition met: yes") if detail["result"] == "yes" else _("Condition not met: no")
    if step.state in ("waiting", "would_wait") or "until" in detail:
        if "until" in detail:
            return _("Waits until %(when)s", when=_when(detail["until"]))
        return _("Would wait %(hours)s hours here", hours=round(detail.get("seconds", 0) / 3600, 1))
    if "changes" in detail:
        parts = [
            _(
                "%(field)s: %(old)s → %(new)s",
                field=_field_label(form, k),
                old=_value(form, k, v[0]),
                new=_value(form, k, v[1]),
            )
            for k, v in (detail["changes"] or {}).items()
        ]
        return "; ".join(parts) or _("Nothing to change")
    if "task_id" in detail and detail.get("title"):
        return _(
            "Task «%(title)s» created, due %(when)s",
            title=detail["title"],
            when=_when(detail.get("due_at")),
        )
    if "task_id" in detail:
        return _("Task created, due %(when)s", when=_when(detail.get("due_at")))
    if "would_send" in detail:
        return _(
            "Would send to %(key)s: %(title)s",
            key=detail.get("connection") or detail.get("to", ""),
            title=detail.get("title") or detail.get("subject") or detail.get("event", ""),
        )
    if "outbox_id" in detail and "subject" in detail:
        return _(
            "Email queued for %(to)s: %(subject)s",
            to=detail.get("to", ""),
            subject=detail["subject"],
        )
    if "outbox_id" in detail:
        return _("Queued for %(key)s", key=detail.get("connection") or detail.get("to", ""))
    if "would_clear" in detail:
        return _("Would clear %(field)s", field=_field_label(form, detail["would_clear"]))
    return _("Done")


def install(app) -> None:
    """Make the helpers available in every template."""
    app.jinja_env.globals.update(
        flow_state=state_label,
        flow_trigger_text=flow_trigger_text,
        run_trigger_text=run_trigger_text,
        step_text=step_text,
    )
