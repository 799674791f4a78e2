"""The flow designer (``/flows/<app>/<flow>/design``): one automation of the app's *draft*
drawn as a vertical canvas (``static/js/flow_designer.js``), saved to the draft as JSON at the
revision the page loaded (a stale save is refused and says so; the page keeps its work),
checked as a publish would check it, and published through the one publish path.

The page posts the whole flow document; :func:`read_posted` reads it with the body limit of
the endpoint (``BODY_LIMIT``, refused before anything reads it) and the JSON parser's depth
and character checks. What the draft must never hold (not a flow's shape, an unknown
trigger or action type) is refused with its place; an unfinished flow is saved and the
check says what is missing, on the card and setting it concerns.
"""

from __future__ import annotations

import re

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from tessera.builder import InvalidDocument
from tessera.runtime import publishing
from tessera.runtime.flows import drafting
from tessera.runtime.flows.actions import action_registry
from tessera.runtime.flows.triggers import trigger_registry
from tessera.runtime.forms.condition_tree import condition_tree
from tessera.runtime.store.deploy import SchemaChangeRefused, table_names
from tessera.runtime.web.condition_builder import builder_catalog, error_text
from tessera.runtime.web.db import catalog, db
from tessera.runtime.web.errors import api_error
from tessera.runtime.web.flows import views
from tessera.runtime.web.i18n import current_locale, label
from tessera.runtime.web.json_input import UnsafeJSON, loads
from tessera.runtime.web.request_input import int_param

BODY_LIMIT = 512 * 1024  # a flow of 50 steps with long messages is far below this
CARD = re.compile(r"^(/trigger|/steps/\d+(?:/(?:then|else|on_timeout)/\d+)*)(?:/(.*))?$")
NEW_TRIGGER = {"type": "record_created"}
CONDITION_BINDS = ("if", "wait.until", "config.condition")


class DesignTarget:
    """The draft, its revision and the flow being designed (404 for an unknown app or flow)."""

    def __init__(self, app_key: str, flow_key: str):
        try:
            self.draft, self.revision = publishing.load_draft(db(), app_key)
        except publishing.UnknownApp:
            abort(404)
        self.flow = (self.draft.get("flows") or {}).get(flow_key)
        if not isinstance(self.flow, dict):
            abort(404)
        self.app_key, self.flow_key = app_key, flow_key

    def app(self):
        """The draft compiled in memory (fields and options as the draft has them); the
        published app when the draft cannot be compiled yet."""
        try:
            return drafting.draft_app(db(), self.draft)
        except Exception:  # a draft broken elsewhere: its own page says why
            published = catalog().get(db(), self.app_key)
            if published is None:
                abort(404)
            return published

    def condition_catalog(self, flow: dict):
        """The condition builder's catalog of ``flow``'s form (None: not available)."""
        app = self.app()
        if app.form(flow.get("form")) is None:
            return None
        return designer_condition_catalog(app, flow["form"])


def read_posted() -> dict:
    """The posted JSON object; a 400 naming the problem for a body that is not one."""
    try:
        body = loads(request.get_data(cache=False))
    except UnsafeJSON as exc:
        abort(
            _json_error(
                400,
                _(
                    "The automation cannot be read: %(why)s (at %(path)s).",
                    why=exc.reason,
                    path=exc.path,
                ),
                "bad_json",
            )
        )
    except ValueError:
        abort(_json_error(400, _("The automation cannot be read (not JSON)."), "bad_json"))
    if not isinstance(body, dict):
        abort(_json_error(400, _("The automation cannot be read (not JSON)."), "bad_json"))
    return body


def too_large(exc):
    """413 for a post over :data:`BODY_LIMIT`, saying so (JSON for the page's script)."""
    if request.is_json:
        message = _(
            "The automation is too large to save: at most %(kb)s KB.", kb=BODY_LIMIT // 1024
        )
        return api_error(413, message, code="too_large")
    return render_template("error.html", status=413, message=_("The upload is too large.")), 413


def _json_error(status: int, message: str, code: str, **details):
    return api_error(status, message, code=code, details=details)


def problem_rows(errors, flow=None, catalog=None) -> list[dict]:
    """Problems for the page: the card each concerns (``/trigger``, ``/steps/1/then/0``, or
    ``""`` for the flow itself), the setting (``config.title``, ``if``) and the message in the
    request's language (a problem inside a condition of ``flow`` named by its place in the
    condition builder when its ``catalog`` is given)."""
    rows = []
    for error in errors:
        found = CARD.match(error.path or "")
        card, rest = (
            (found.group(1), found.group(2) or "") if found else ("", error.path.strip("/"))
        )
        parts = [p for p in rest.split("/") if p]
        depth = 2 if parts[:1] in (["config"], ["wait"]) else 1
        bind = ".".join(parts[:depth])
        message = _condition_words(error, card, bind, flow or {}, catalog)
        rows.append({"card": card, "field": bind, "message": message})
    return rows


def palette() -> dict:
    """What the canvas offers: triggers and actions by label (the registries), in order."""
    return {
        "triggers": [{"type": t.type, "label": label(t.label)} for t in trigger_registry.all()],
        "actions": [
            {"type": a.type, "label": label(a.label), "config": _defaults(a.config_schema)}
            for a in action_registry.all()
        ],
    }


def _defaults(schema: dict) -> dict:
    """A new step's config: the defaults its schema declares."""
    properties = schema.get("properties") or {}
    return {key: prop["default"] for key, prop in properties.items() if "default" in prop}


def page(app_key: str, flow_key: str, *, status: int = 200, problems=None, revision=None):
    """The designer page of one flow of the draft."""
    target = DesignTarget(app_key, flow_key)
    app = target.app()
    form = app.form(target.flow.get("form"))
    if form is None:
        abort(404)
    published = catalog().get(db(), app_key)
    return render_template(
        "flows/designer.html",
        app_key=app_key,
        app_label=app.spec.label,
        flow_key=flow_key,
        flow=target.flow,
        form=form,
        revision=target.revision if revision is None else revision,
        palette=palette(),
        fields={f.key: label(f.label) for f in form.spec.fields},
        published=published is not None and published.form(form.key) is not None,
        problems=problems or [],
        condition_catalog=designer_condition_catalog(app, form.key),
    ), status


def designer_condition_catalog(app, form_key):
    """What the condition builder offers for the flow's form (the score too: a flow may test
    it); None when a form of ``app`` has no table yet (its pickers read stored records), and
    the panel then edits conditions as their documents."""
    names = table_names(db(), app.key)
    if any(form.key not in names for form in app.spec.forms):
        return None
    return builder_catalog(app, form_key, include_computed=True)


def _condition_words(error, card: str, field: str, flow: dict, catalog) -> str:
    """A problem inside a condition named by its place in the builder («条件 2 › …»)."""
    message = error.text(current_locale())
    if catalog is None or field not in CONDITION_BINDS:
        return message
    at = f"{card}/{field.replace('.', '/')}"
    condition = _at(flow, at)
    if not isinstance(condition, (dict, list)):
        return message
    return error_text(condition_tree(condition, catalog), error.path[len(at) :], message, catalog)


def _at(doc, path: str):
    node = doc
    for part in [p for p in path.split("/") if p]:
        if isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        elif isinstance(node, dict):
            node = node.get(part)
        else:
            return None
    return node


def new_flow(app_key: str):
    """Add an automation of a chosen form, named by the user, to the draft; open it."""
    try:
        draft, revision = publishing.load_draft(db(), app_key)
    except publishing.UnknownApp:
        abort(404)
    form_key = request.form.get("form", "")
    text = request.form.get("name", "").strip()[:100]
    forms = {f["key"] for f in draft.get("forms") or []}
    problems = {}
    if form_key not in forms:
        problems["form"] = _("Choose the form whose records it works on.")
    if not text:
        problems["name"] = _("Give the automation a name.")
    if problems:
        return views.index_page(app_key, problems=problems, values=request.form, status=422)
    key = drafting.new_flow_key(draft, text)
    flow = {
        "version": 1,
        "label": {"zh-CN": text, "en": text},
        "form": form_key,
        "enabled": True,
        "trigger": dict(NEW_TRIGGER),
        "steps": [],
    }
    draft = drafting.with_flow(draft, key, flow)
    publishing.save_draft(
        db(), app_key, draft, expected_revision=revision, actor_id=current_user.id
    )
    return redirect(url_for("flows.design", app_key=app_key, flow_key=key), code=303)


def save(app_key: str, flow_key: str):
    """Save the posted flow into the draft at the posted revision: ``{"revision",
    "problems"}``; 409 when somebody saved the draft since; 422 naming what the draft must
    not hold (nothing saved)."""
    target = DesignTarget(app_key, flow_key)
    body = read_posted()
    flow = body.get("flow")
    refusal = drafting.save_refusal(target.draft, flow)
    if refusal is not None:
        return _refused(refusal)
    revision = body.get("revision")
    if not isinstance(revision, int) or isinstance(revision, bool):
        return _json_error(
            400, _("The page did not say which draft it edits. Reload it."), "bad_json"
        )
    draft = drafting.with_flow(target.draft, flow_key, flow)
    try:
        new_revision = publishing.save_draft(
            db(), app_key, draft, expected_revision=revision, actor_id=current_user.id
        )
    except publishing.DraftConflict as exc:
        return _json_error(
            409,
            _(
                "Somebody else saved this app's draft since you opened this page. Your changes "
                "are still here: copy what you need, reload, and make them again."
            ),
            "conflict",
            current_revision=exc.current_revision,
        )
    checked = drafting.check_flow(db(), target.draft, flow_key, flow)
    rows = problem_rows(checked.mine, flow, target.condition_catalog(flow))
    return jsonify({"revision": new_revision, "problems": rows})


def _refused(error):
    rows = problem_rows([error])
    return _json_error(
        422,
        _("Not saved: %(problem)s", problem=rows[0]["message"]),
        "invalid",
        path=error.path,
        problems=rows,
    )


def check(app_key: str, flow_key: str):
    """The checks a publish runs, on the posted flow in the draft: ``{"problems",
    "elsewhere"}`` (nothing is saved)."""
    target = DesignTarget(app_key, flow_key)
    flow = read_posted().get("flow")
    refusal = drafting.save_refusal(target.draft, flow)
    if refusal is not None:
        return jsonify({"problems": problem_rows([refusal]), "elsewhere": []})
    checked = drafting.check_flow(db(), target.draft, flow_key, flow)
    locale = current_locale()
    elsewhere = [f"{e.path}: {e.text(locale)}" for e in checked.elsewhere[:10]]
    rows = problem_rows(checked.mine, flow, target.condition_catalog(flow))
    return jsonify({"problems": rows, "elsewhere": elsewhere})


def publish(app_key: str, flow_key: str):
    """Publish the draft (the one publish path) at the revision the page saved; back to the
    designer with what happened."""
    DesignTarget(app_key, flow_key)
    revision = int_param(request.form, "revision", default=-1, minimum=-1)
    try:
        number = publishing.publish(
            db(),
            app_key,
            note=_("Automation «%(name)s» edited", name=request.form.get("name", "")[:100]),
            actor_id=current_user.id,
            expected_revision=revision,
        )
    except publishing.DraftConflict:
        flash(
            _("Somebody else saved this app's draft since: check it again, then publish."), "error"
        )
    except publishing.NothingToPublish as exc:
        flash(
            _(
                "Nothing to publish: this draft is already published as version %(n)s.",
                n=exc.version,
            )
        )
    except InvalidDocument as exc:
        base = f"/flows/{flow_key}"
        mine = [e for e in exc.errors if e.path == base or e.path.startswith(base + "/")]
        rows = problem_rows(
            [type(e)(e.path[len(base) :], e.message, e.message_zh, e.code) for e in mine]
        )
        locale = current_locale()
        others = [f"{e.path}: {e.text(locale)}" for e in exc.errors if e not in mine]
        for text in others[:5]:
            flash(_("Elsewhere in the draft: %(problem)s", problem=text), "error")
        flash(_("Not published: fix the problems shown."), "error")
        return page(app_key, flow_key, status=422, problems=rows)
    except SchemaChangeRefused as exc:
        for change in exc.refusals:
            flash(change.describe(current_locale()), "error")
    else:
        flash(_("Published version %(n)s.", n=number), "success")
    return redirect(url_for("flows.design", app_key=app_key, flow_key=flow_key), code=303)
