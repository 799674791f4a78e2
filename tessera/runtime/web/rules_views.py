"""The rule designer (the scoring model inside the app's draft): pickers, points, order, a
live «this lead would score» preview, inline errors, the backtest before publishing and a
calibration proposal; plus the score explanation shown on record pages."""

from __future__ import annotations

import json
import re

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from tessera.builder import InvalidDocument
from tessera.builder.scoring import validate_scoring_model
from tessera.conditions import FormSchema
from tessera.conditions.operators import operator_registry, operators_for
from tessera.runtime import publishing
from tessera.runtime.auth.roles import can_design
from tessera.runtime.scoring import compile_model, explain_record, model_for
from tessera.runtime.scoring.backtest import run_backtest
from tessera.runtime.scoring.model import ModelError
from tessera.runtime.web import rules_form
from tessera.runtime.web.db import catalog, db
from tessera.runtime.web.i18n import current_locale
from tessera.runtime.web.request_input import int_param, parse_int

bp = Blueprint("rules", __name__, url_prefix="/rules")


@bp.app_template_global()
def score_explanation(app, form, record):
    """The explanation of a record's score for the record page (None without a model)."""
    if model_for(app, form.key) is None:
        return None
    return explain_record(db(), form, record.id)


@bp.app_template_global()
def rule_designer_links(app) -> list:
    """``[(form, url)]`` of the rule designers a signed-in designer may open for ``app``."""
    if not current_user.is_authenticated or not can_design(current_user.role):
        return []
    scored = (app.spec.document or {}).get("scoring") or {}
    return [
        (f, url_for("rules.designer", app_key=app.key, form_key=f.key))
        for f in app.navigation()
        if f.key in scored
    ]


@bp.before_request
@login_required
def _designers_only():
    if not can_design(current_user.role):
        abort(403)


def _published(app_key: str, form_key: str):
    app = catalog().get(db(), app_key)
    form = app.form(form_key) if app else None
    if form is None:
        abort(404)
    return app, form


def _draft(app_key: str):
    try:
        return publishing.load_draft(db(), app_key)
    except publishing.UnknownApp:
        abort(404)


def check_model(model: dict, draft: dict, form) -> tuple[object | None, dict]:
    """``(compiled or None, {rule key or "model": message})`` for a posted model."""
    errors: dict[str, str] = {}
    keys = [r.get("key") for r in model.get("rules", [])]
    locale = current_locale()
    for error in validate_scoring_model(model, draft, form.key):
        errors.setdefault(_owner(error.path, keys), f"{error.path}: {error.text(locale)}")
    if errors:
        return None, errors
    try:
        return compile_model(model, schema=FormSchema.of_deployed(form)), {}
    except ModelError as exc:
        return None, {_owner(exc.path, keys): str(exc)}


def _owner(path: str, keys: list) -> str:
    found = re.match(r"^/rules/(\d+)", path or "")
    if found and int(found.group(1)) < len(keys):
        return keys[int(found.group(1))]
    return "model"


def _page(app, form, model, revision, *, errors=None, status=200):
    fields = [f for f in form.spec.fields if not f.widget.computed]
    pickers = {f.key: list(operators_for(f.widget, f.config)) for f in fields}
    title_key = form.spec.title_field or (fields[0].key if fields else None)
    leads = []
    if title_key:
        table = form.table
        leads = (
            db()
            .execute(
                table.select()
                .with_only_columns(table.c.id, table.c[title_key])
                .where(table.c.deleted_at.is_(None))
                .order_by(table.c.id.desc())
                .limit(100)
            )
            .all()
        )
    labels = {op.type: op.label for op in operator_registry.all()}
    return render_template(
        "rules/designer.html",
        app=app,
        form=form,
        model=model,
        revision=revision,
        errors=errors or {},
        fields=fields,
        pickers=pickers,
        pickers_json=json.dumps(pickers),
        op_labels=labels,
        op_labels_json=json.dumps(labels, ensure_ascii=False),
        leads=leads,
        is_simple=rules_form.is_simple,
        value_text=rules_form.value_text,
    ), status


@bp.get("/<app_key>/<form_key>")
def designer(app_key, form_key):
    """The designer page for the draft scoring model of a form."""
    app, form = _published(app_key, form_key)
    draft, revision = _draft(app_key)
    model = rules_form.model_from_documents(draft, app.spec.document, form_key)
    return _page(app, form, model, revision)


@bp.post("/<app_key>/<form_key>")
def save(app_key, form_key):
    """Save the posted rules into the draft (nothing saved when a rule has an error)."""
    app, form = _published(app_key, form_key)
    draft, _rev = _draft(app_key)
    base = rules_form.model_from_documents(draft, app.spec.document, form_key)
    model, problems = rules_form.model_from_form(base, request.form)
    compiled, errors = check_model(model, draft, form) if not problems else (None, problems)
    revision = int_param(request.form, "revision", default=0)
    if errors:
        return _page(app, form, model, revision, errors=errors, status=422)
    draft.setdefault("scoring", {})[form_key] = model
    try:
        revision = publishing.save_draft(
            db(), app_key, draft, expected_revision=revision, actor_id=current_user.id
        )
    except publishing.DraftConflict:
        flash(
            _("Someone saved this app since you opened it; reload to see their changes."), "error"
        )
        return _page(app, form, model, revision, status=409)
    flash(_("Rules saved in the draft. Check the backtest, then publish."), "success")
    return redirect(url_for(".designer", app_key=app_key, form_key=form_key), code=303)


@bp.post("/<app_key>/<form_key>/preview")
def preview(app_key, form_key):
    """«This lead would score …» for the posted (unsaved) rules."""
    app, form = _published(app_key, form_key)
    draft, _rev = _draft(app_key)
    base = rules_form.model_from_documents(draft, app.spec.document, form_key)
    model, problems = rules_form.model_from_form(base, request.form)
    compiled, errors = check_model(model, draft, form) if not problems else (None, problems)
    lead = request.form.get("lead", "")
    explanation = None
    lead_id = parse_int(lead, minimum=1)
    if compiled is not None and lead_id is not None:
        explanation = explain_record(db(), form, lead_id, model=compiled)
    return render_template(
        "rules/_preview.html", explanation=explanation, errors=errors, chosen=lead
    )


@bp.get("/<app_key>/<form_key>/backtest")
def backtest(app_key, form_key):
    """The saved draft model against the published one, over every stored record."""
    app, form = _published(app_key, form_key)
    draft, revision = _draft(app_key)
    model = rules_form.model_from_documents(draft, app.spec.document, form_key)
    compiled, errors = check_model(model, draft, form)
    old = model_for(app, form_key) or compiled
    result = None
    if compiled is not None:
        result = run_backtest(db(), form, old=old, new=compiled, title_field=form.spec.title_field)
    return render_template("rules/backtest.html", app=app, form=form, result=result, errors=errors)


@bp.post("/<app_key>/<form_key>/publish")
def publish(app_key, form_key):
    """Publish the draft (the whole app, as the form designer does)."""
    _published(app_key, form_key)
    try:
        report = publishing.publish_with_report(
            db(), app_key, note=_("Scoring rules"), actor_id=current_user.id
        )
    except InvalidDocument as exc:
        flash("; ".join(f"{e.path}: {e.text(current_locale())}" for e in exc.errors[:5]), "error")
        return redirect(url_for(".backtest", app_key=app_key, form_key=form_key), code=303)
    except publishing.NothingToPublish as exc:  # e.g. a simultaneous publish won
        flash(
            _(
                "Nothing to publish: this draft is already published as version %(n)s.",
                n=exc.version,
            ),
            "error",
        )
        return redirect(url_for(".designer", app_key=app_key, form_key=form_key), code=303)
    flash(
        _(
            "Published version %(version)d; %(moved)d records rescored.",
            version=report.version,
            moved=report.rescored.get(form_key, 0),
        ),
        "success",
    )
    return redirect(url_for(".designer", app_key=app_key, form_key=form_key), code=303)
