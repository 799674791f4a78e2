"""A record's timeline entries in words: one describer per entry kind (what the entry says),
and who or what made it — a person, or an automation named by its label. A kind nobody
describes reads as a generic activity, never as its key."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from flask_babel import format_datetime, ngettext
from flask_babel import gettext as _

from tessera.runtime.flows.assignment.explain import explain as explain_assignment
from tessera.runtime.store.records import LINKED_EVENT
from tessera.runtime.web.display import changed_labels
from tessera.runtime.web.i18n import current_locale, label

Describer = Callable[[dict, object], str]
DESCRIBERS: dict[str, Describer] = {}


def describes(kind: str):
    """Register the describer of entry ``kind``."""

    def register(fn: Describer) -> Describer:
        DESCRIBERS[kind] = fn
        return fn

    return register


def _when(text) -> str:
    try:
        return format_datetime(dt.datetime.fromisoformat(text), "short")
    except (TypeError, ValueError):
        return str(text or "")


@describes("created")
def _created(payload, form):
    return _("Record created")


@describes("updated")
def _updated(payload, form):
    changed = payload.get("changes") or {}
    fields = _(", ").join(changed_labels(form, changed, current_locale()))
    return ngettext(
        "Changed %(num)d field: %(fields)s",
        "Changed %(num)d fields: %(fields)s",
        len(changed),
        fields=fields,
    )


@describes("deleted")
def _deleted(payload, form):
    return _("Deleted")


@describes("restored")
def _restored(payload, form):
    return _("Restored")


@describes("scored")
def _scored(payload, form):
    score, grade = payload.get("score") or [None, None], payload.get("grade") or [None, None]
    old = "—" if score[0] is None else score[0]
    return _(
        "Score %(old)s → %(new)s (grade %(grade)s)", old=old, new=score[1], grade=grade[1] or "—"
    )


def _email_label(form, key) -> str:
    """An email of the app by its label (its key when the app no longer has it)."""
    app = getattr(form, "app", None)
    doc = ((app.spec.document.get("emails") or {}).get(key) or {}) if app is not None else {}
    return label(doc["label"]) if doc.get("label") else str(key or "")


@describes("event")
def _event(payload, form):
    kind, props = payload.get("type", ""), payload.get("props") or {}
    if kind == LINKED_EVENT:
        linked = form.app.form(props.get("form") or "") if getattr(form, "app", None) else None
        what = label(linked.spec.label) if linked else props.get("form", "")
        return _("%(what)s #%(id)s added", what=what, id=props.get("record_id", ""))
    if kind == "email_opened":
        return _("Opened the email «%(email)s»", email=_email_label(form, props.get("email")))
    if kind == "email_clicked":
        return _(
            "Clicked %(url)s in the email «%(email)s»",
            url=props.get("url", ""),
            email=_email_label(form, props.get("email")),
        )
    return _("Event: %(type)s", type=kind)


@describes("email_sent")
def _email_sent(payload, form):
    return _(
        "Email «%(email)s» to %(to)s: %(subject)s",
        email=_email_label(form, payload.get("email")),
        to=payload.get("to", ""),
        subject=payload.get("subject", ""),
    )


@describes("unsubscribed")
def _unsubscribed(payload, form):
    return _("%(address)s unsubscribed from emails", address=payload.get("address", ""))


@describes("visitor_page_view")
def _visit(payload, form):
    return _(
        "Page view by the browser of a submission merged into this record (not scored): %(page)s",
        page=payload.get("page", ""),
    )


@describes("merged")
def _merged(payload, form):
    return _("Merged with another submission or record")


@describes("merge_undone")
def _merge_undone(payload, form):
    return _("A merge was undone")


@describes("duplicate_flagged")
def _flagged(payload, form):
    return _("Flagged as a possible duplicate")


@describes("returned_to_pool")
def _returned(payload, form):
    reason = payload.get("reason") or _("no reason given")
    if payload.get("quiet_since"):
        return _(
            "Returned to the public pool (%(reason)s; no activity since %(when)s)",
            reason=reason,
            when=_when(payload["quiet_since"]),
        )
    return _("Returned to the public pool (%(reason)s)", reason=reason)


@describes("task_created")
def _task(payload, form):
    return _(
        "Task «%(title)s» due %(when)s",
        title=payload.get("title", ""),
        when=_when(payload.get("due_at")),
    )


@describes("assigned")
@describes("assignment_failed")
def _assignment(payload, form):
    return explain_assignment(payload.get("assignment"), current_locale())


def entry_text(entry: dict, form, flow_labels: dict | None = None) -> str:
    """What ``entry`` says, with «· by automation X» when a flow made it."""
    payload = entry.get("payload") or {}
    describe = DESCRIBERS.get(entry.get("kind"))
    text = describe(payload, form) if describe else _("Other activity")
    if payload.get("via") == "flow":
        flow = (flow_labels or {}).get(payload.get("flow"))
        name = label(flow) if flow else payload.get("flow", "")
        text += " · " + _("by the automation «%(flow)s»", flow=name)
    return text


def install(app) -> None:
    """Make :func:`entry_text` available in every template as ``timeline_text``."""
    app.jinja_env.globals["timeline_text"] = entry_text
