"""The flow designer's side panel (the selected trigger or step as a form: its settings from
the type's ``config_schema``, its conditions in the condition builder) and its test run: the
posted draft flow compiled against the *published* form and walked on a record chosen by
its title, inside a savepoint that is rolled back — nothing stored, nothing sent."""

from __future__ import annotations

from flask import abort, jsonify, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from tessera.builder.errors import DocumentError
from tessera.runtime.auth.scope import scope_for
from tessera.runtime.flows import drafting
from tessera.runtime.flows.actions import action_registry
from tessera.runtime.flows.errors import FlowConfigError
from tessera.runtime.flows.rehearsal import rehearse
from tessera.runtime.flows.triggers import trigger_registry
from tessera.runtime.forms.condition_tree import condition_tree
from tessera.runtime.forms.search import pick_records
from tessera.runtime.lookups import widget_context
from tessera.runtime.outbox.connections import all_connections
from tessera.runtime.store.records import RecordStore
from tessera.runtime.web.db import catalog, db, settings, writes
from tessera.runtime.web.flows.config_inputs import PanelContext, config_inputs
from tessera.runtime.web.flows.designer import (
    DesignTarget,
    designer_condition_catalog,
    problem_rows,
    read_posted,
)
from tessera.runtime.web.i18n import current_locale, label
from tessera.runtime.web.request_input import parse_int

DATE_TYPES = ("date", "datetime")


def _panel_context(target: DesignTarget, app, form) -> PanelContext:
    flows = tuple(
        (key, label(flow.get("label")) or key)
        for key, flow in (target.draft.get("flows") or {}).items()
        if isinstance(flow, dict) and flow.get("form") == form.key and key != target.flow_key
    )
    found = tuple((c.key, c.kind, c.label) for c in all_connections(db()) if c.enabled)
    return PanelContext(form=form, connections=found, flows=flows)


def panel(app_key: str, flow_key: str):
    """The side panel for ``{"target": "trigger"|"step", "item": {…}}`` (HTML)."""
    target = DesignTarget(app_key, flow_key)
    body = read_posted()
    item = body.get("item")
    if not isinstance(item, dict) or body.get("target") not in ("trigger", "step"):
        abort(400)
    app = target.app()
    form = app.form(target.flow.get("form"))
    if form is None:
        abort(404)
    ctx = _panel_context(target, app, form)
    kind, registered, inputs = _what(body["target"], item, ctx)
    conditions = {
        name: item.get(name) if name != "wait.until" else (item.get("wait") or {}).get("until")
        for name in _condition_slots(body["target"], item)
    }
    for each in inputs:
        if each.kind == "condition":
            conditions[each.bind] = each.value
    condition_catalog = designer_condition_catalog(app, form.key)
    trees = {}
    if condition_catalog is not None:
        trees = {
            bind: condition_tree(condition, condition_catalog)
            for bind, condition in conditions.items()
        }
    return render_template(
        "flows/_panel.html",
        target=body["target"],
        kind=kind,
        item=item,
        registered=registered,
        inputs=inputs,
        conditions=conditions,
        condition_catalog=condition_catalog,
        trees=trees,
        date_fields=[
            (f.key, label(f.label))
            for f in form.spec.fields
            if f.widget.condition_type in DATE_TYPES
        ],
        triggers=trigger_registry.all(),
    )


def _what(target: str, item: dict, ctx: PanelContext):
    """``(kind, registered type or None, config inputs)`` of the panel's subject."""
    config = item.get("config") if isinstance(item.get("config"), dict) else {}
    if target == "trigger":
        found = (
            trigger_registry.get(item.get("type")) if item.get("type") in trigger_registry else None
        )
        inputs = config_inputs(found.config_schema, config, ctx) if found else []
        return "trigger", found, inputs
    kind = item.get("type")
    if kind == "action":
        action = item.get("action")
        found = action_registry.get(action) if action in action_registry else None
        return "action", found, config_inputs(found.config_schema, config, ctx) if found else []
    return kind if kind in ("branch", "wait") else "action", None, []


def _condition_slots(target: str, item: dict) -> list[str]:
    if target == "trigger":
        return ["if"]
    if item.get("type") == "branch":
        return ["if"]
    if item.get("type") == "wait":
        return ["wait.until"]
    return []


@writes  # the walk writes inside a savepoint that is rolled back
def test_run(app_key: str, flow_key: str):
    """Walk the posted draft flow on ``record`` (HTML: each step, what it would do)."""
    target = DesignTarget(app_key, flow_key)
    body = read_posted()
    flow = body.get("flow")
    published = catalog().get(db(), app_key)
    form = published.form(flow.get("form")) if published and isinstance(flow, dict) else None
    record_id = parse_int(str(body.get("record", "")), minimum=1)
    error, walked, problems = None, None, []
    refusal = drafting.save_refusal(target.draft, flow)
    if refusal is not None:
        problems = problem_rows([refusal])
    elif form is None:
        error = _("Publish the form first: a test run reads its published records.")
    elif record_id is None:
        error = _("Choose a record to test on.")
    else:
        try:
            compiled = drafting.compile_for_test(flow_key, flow, form)
            walked = rehearse(db(), form, compiled, record_id)
        except FlowConfigError as exc:
            problems = problem_rows([_as_error(exc)])
        except LookupError:
            error = _("There is no record %(id)s.", id=record_id)
    if problems:
        error = _("Fix the problems shown first: %(problem)s", problem=problems[0]["message"])
    page = render_template(
        "flows/_test_result.html",
        walked=walked,
        error=error,
        form=form,
        names=step_names(flow) if walked else {},
    )
    return page, 422 if error else 200


def step_names(flow: dict) -> dict:
    """``{step key: its name}``: the step's own label, else what it is (the action's label,
    «Branch», «Wait»), for pages that list steps."""
    names = {}
    kinds = {"branch": _("Branch"), "wait": _("Wait")}
    stack = list(flow.get("steps") or [])
    while stack:
        step = stack.pop()
        if step.get("label"):
            names[step["key"]] = label(step["label"])
        elif step.get("type") == "action" and step.get("action") in action_registry:
            names[step["key"]] = label(action_registry.get(step["action"]).label)
        else:
            names[step["key"]] = kinds.get(step.get("type"), step["key"])
        for lane in ("then", "else", "on_timeout"):
            stack.extend(step.get(lane) or [])
    return names


def _as_error(exc: FlowConfigError) -> DocumentError:
    return DocumentError(exc.path, exc.message, exc.message_zh, code="config")


def records(app_key: str, flow_key: str):
    """``{"records": [{"id", "title", "detail"}]}``: published records of the flow's form
    whose text contains ``q``, as the signed-in user may see them (for the test run)."""
    target = DesignTarget(app_key, flow_key)
    app = catalog().get(db(), app_key)
    form = app.form(target.flow.get("form")) if app is not None else None
    if form is None:
        return jsonify({"records": []})
    user = current_user._get_current_object()
    ctx = widget_context(
        db(), app, locale=current_locale(), timezone=settings().timezone, user=user
    )
    store = RecordStore(db(), form, scope=scope_for(user, form))
    response = jsonify({"records": pick_records(store, request.args.get("q", "")[:100], ctx)})
    response.headers["Cache-Control"] = "private, no-store"
    return response
