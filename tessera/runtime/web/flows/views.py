"""The flow pages: list with switches, history, one run, retry, test run."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from tessera.runtime import clock, publishing
from tessera.runtime.flows import history as runs
from tessera.runtime.flows.rehearsal import rehearse
from tessera.runtime.flows.runner import retry as retry_run
from tessera.runtime.flows.switch import set_enabled
from tessera.runtime.forms.condition_tree import words
from tessera.runtime.web.condition_builder import builder_catalog
from tessera.runtime.web.db import catalog, db, writes
from tessera.runtime.web.request_input import int_param

STATES = ("running", "waiting", "done", "failed", "skipped")
PER_PAGE = 50


def _app_or_404(app_key: str):
    app = catalog().get(db(), app_key)
    if app is None:
        abort(404)
    return app


def _flow_or_404(app, flow_key: str):
    for form in app.forms.values():
        for flow in form.section("flows") or ():
            if flow.key == flow_key:
                return form, flow
    abort(404)


def _titles(form, record_ids) -> dict:
    """``{record id: its title}`` for the records runs name (deleted ones read as «#id»)."""
    key = form.spec.title_field if form is not None else None
    ids = [i for i in set(record_ids) if i is not None]
    if not key or not ids:
        return {}
    table = form.table
    rows = db().execute(sa.select(table.c.id, table.c[key]).where(table.c.id.in_(ids)))
    return {row[0]: row[1] for row in rows if row[1]}


def _flows(app):
    return [(form, flow) for form in app.forms.values() for flow in form.section("flows") or ()]


def index(app_key: str):
    return index_page(app_key)


def index_page(app_key: str, *, problems=None, values=None, status: int = 200):
    """The list: published flows with their runs, flows only in the draft, and the «new
    automation» form (``problems``: its refused fields, ``values``: what was typed)."""
    app = _app_or_404(app_key)
    counts = runs.recent_counts(db(), app.key, clock.now())
    draft, _revision = publishing.load_draft(db(), app.key)
    flows = _flows(app)
    published = {flow.key for _form, flow in flows}
    drafted = [
        (key, flow)
        for key, flow in (draft.get("flows") or {}).items()
        if key not in published and isinstance(flow, dict)
    ]
    return render_template(
        "flows/index.html",
        app=app,
        flows=flows,
        counts=counts,
        only_when=_only_when(app, flows),
        drafted=drafted,
        in_draft=set(draft.get("flows") or {}),
        draft_forms=[f for f in draft.get("forms") or [] if isinstance(f, dict)],
        problems=problems or {},
        values=values or {},
    ), status


def _only_when(app, flows) -> dict:
    """``{flow key: its «only when» in words}`` for the flows that have one."""
    documents = app.spec.document.get("flows") or {}
    catalogs, out = {}, {}
    for form, flow in flows:
        condition = (documents.get(flow.key) or {}).get("trigger", {}).get("if")
        if condition is None:
            continue
        if form.key not in catalogs:
            catalogs[form.key] = builder_catalog(app, form.key)
        out[flow.key] = words(condition, catalogs[form.key])
    return out


def switch(app_key: str, flow_key: str):
    app = _app_or_404(app_key)
    flow = _flow_or_404(app, flow_key)[1]
    enabled = request.form.get("enabled") == "1"
    set_enabled(db(), app.key, flow.key, enabled, actor_id=current_user.id)
    flash(_("Flow turned on.") if enabled else _("Flow turned off: it starts no new run."))
    return redirect(url_for("flows.index", app_key=app.key), code=303)


def _history_args():
    state = request.args.get("state") or None
    if state is not None and state not in STATES:
        abort(400, _("Unknown state %(state)s.", state=state))
    page = int_param(request.args, "page", default=1, minimum=1, maximum=10_000)
    return state, page


def history(app_key: str, flow_key: str):
    app = _app_or_404(app_key)
    form, flow = _flow_or_404(app, flow_key)
    state, page = _history_args()
    found = runs.runs_of_flow(
        db(), app.key, flow.key, state=state, limit=PER_PAGE + 1, offset=(page - 1) * PER_PAGE
    )
    return render_template(
        "flows/history.html",
        app=app,
        form=form,
        flow=flow,
        runs=found[:PER_PAGE],
        titles=_titles(form, [r.record_id for r in found]),
        more=len(found) > PER_PAGE,
        page=page,
        state=state,
        states=STATES,
    )


def run_page(app_key: str, run_id: int):
    app = _app_or_404(app_key)
    run = runs.run(db(), run_id)
    if run is None or run.app_key != app.key:
        abort(404)
    form = app.form(run.form_key)
    titles = _titles(form, [run.record_id])
    return render_template("flows/run.html", app=app, form=form, run=run, titles=titles)


def retry(app_key: str, run_id: int):
    app = _app_or_404(app_key)
    run = runs.run(db(), run_id)
    if run is None or run.app_key != app.key:
        abort(404)
    if retry_run(db(), run_id, actor_id=current_user.id):
        flash(_("The run will go on from the step that failed."))
    else:
        flash(_("Only a failed run can be retried."), "error")
    return redirect(url_for("flows.run_page", app_key=app.key, run_id=run_id), code=303)


@writes  # its steps write inside a savepoint that is rolled back
def rehearsal(app_key: str, flow_key: str):
    app = _app_or_404(app_key)
    form, flow = _flow_or_404(app, flow_key)
    record_id = request.values.get("record", "").strip()
    walked, error = None, None
    if record_id:
        if not record_id.isdigit():
            error = _("Give the number of a record.")
        else:
            try:
                walked = rehearse(db(), form, flow, int(record_id))
            except LookupError:
                error = _("There is no record %(id)s.", id=record_id)
    status = 422 if error else 200
    page = render_template(
        "flows/test.html",
        app=app,
        form=form,
        flow=flow,
        walked=walked,
        record_id=record_id,
        error=error,
    )
    return page, status
