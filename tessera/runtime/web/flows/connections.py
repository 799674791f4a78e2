"""The connections page: the endpoints flows send to (a webhook URL, a group robot), with
their signing secrets (never shown again once saved), a test message, and removal."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from tessera.runtime import clock
from tessera.runtime.outbox import connections
from tessera.runtime.outbox.channels import Delivery, Endpoint, SendFailed, channel_registry
from tessera.runtime.web.db import db, settings

KIND_LABELS = {
    "webhook": ("Webhook (signed JSON POST)", "Webhook（签名 JSON POST）"),
    "dingtalk": ("DingTalk group robot", "钉钉群机器人"),
    "wecom": ("WeCom group robot", "企业微信群机器人"),
    "feishu": ("Feishu group robot", "飞书群机器人"),
}
FIELD_LABELS = {"key": "Key", "kind": "Kind", "url": "URL", "secret": "Secret"}


def page(errors=None, values=None, status=200):
    rows = connections.all_connections(db())
    body = render_template(
        "flows/connections.html",
        rows=rows,
        kinds=connections.KINDS,
        kind_labels=KIND_LABELS,
        errors=errors or {},
        values=values or {},
    )
    return body, status


def index():
    return page()


def save():
    values = {
        k: (request.form.get(k) or "").strip() for k in ("key", "kind", "url", "secret", "label")
    }
    existing = connections.get_any(db(), values["key"])
    secret = values["secret"] or (existing.secret if existing is not None else None)
    try:
        connections.put(
            db(),
            values["key"],
            values["kind"],
            values["url"],
            secret=secret,
            label=values["label"],
            enabled=request.form.get("enabled", "1") == "1",
        )
    except connections.BadConnection as exc:
        messages = {
            "key": _("Use lower-case letters, digits and _, starting with a letter (at most 40)."),
            "kind": _("Choose what kind of endpoint this is."),
            "url": _("Give an http:// or https:// address."),
            "secret": _("A secret is at most 200 characters."),
        }
        values["secret"] = ""
        return page({exc.field: messages[exc.field]}, values, status=422)
    flash(_("Connection «%(key)s» saved.", key=values["key"]))
    return redirect(url_for("flows.connections"), code=303)


def remove(key: str):
    if not connections.remove(db(), key):
        abort(404)
    flash(_("Connection «%(key)s» removed.", key=key))
    return redirect(url_for("flows.connections"), code=303)


def send_test(key: str):
    found = connections.get_any(db(), key)
    if found is None:
        abort(404)
    channel = channel_registry.get(found.kind)
    payload = {
        "title": _("Test message from Tessera"),
        "text": _("If you can read this, automations can send here."),
        "event": "test",
    }
    endpoint = Endpoint(kind=found.kind, url=found.url, secret=found.secret)
    try:
        channel.send(payload, endpoint, Delivery(settings(), clock.now()), f"test:{key}")
    except SendFailed as exc:
        flash(_("The test message was not accepted: %(error)s", error=str(exc)), "error")
    else:
        flash(_("The test message was accepted."))
    return redirect(url_for("flows.connections"), code=303)
