"""The rule designer (the scoring model inside the app's draft): pickers, points, order, a
live «this lead would score» preview, inline errors, the backtest before publishing and a
calibration proposal (:mod:`.calibration`)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from tessera.builder import InvalidDocument
from tessera.runtime import publishing
from tessera.runtime.forms.condition_tree import condition_tree
from tessera.runtime.scoring import explain_record, model_for
from tessera.runtime.scoring.backtest import run_backtest
from tessera.runtime.web.condition_builder import builder_catalog
from tessera.runtime.web.db import db
from tessera.runtime.web.i18n import current_locale
from tessera.runtime.web.request_input import int_param, parse_int
from tessera.runtime.web.rules import form as rules_form
from tessera.runtime.web.rules.drafts import check_model, draft_or_404, published_or_404


def _page(app, form, model, revision, *, errors=None, status=200):
    catalog = builder_catalog(app, form.key)
    trees = {
        rule["key"]: condition_tree(rule.get("when"), catalog)
        for rule in model.get("rules", [])
        if isinstance(rule, dict) and "event" not in rule
    }
    title_key = form.spec.title_field or (form.spec.fields[0].key if form.spec.fields else None)
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
    return render_template(
        "rules/designer.html",
        app=app,
        form=form,
        model=model,
        revision=revision,
        errors=errors or {},
        catalog=catalog,
        trees=trees,
        empty_tree=condition_tree(None, catalog),
        leads=leads,
        rule_names=rule_names(model),
    ), status


def rule_names(model: dict) -> dict:
    """``{rule key: label}`` of a model's rules (messages name rules by their label)."""
    return {
        r["key"]: r.get("label") or r["key"]
        for r in model.get("rules", [])
        if isinstance(r, dict) and isinstance(r.get("key"), str)
    }


def designer(app_key, form_key):
    """The designer page for the draft scoring model of a form."""
    app, form = published_or_404(app_key, form_key)
    draft, revision = draft_or_404(app_key)
    model = rules_form.model_from_documents(draft, app.spec.document, form_key)
    return _page(app, form, model, revision)


def save(app_key, form_key):
    """Save the posted rules into the draft (nothing saved when a rule has an error)."""
    app, form = published_or_404(app_key, form_key)
    draft, _rev = draft_or_404(app_key)
    base = rules_form.model_from_documents(draft, app.spec.document, form_key)
    model, problems = rules_form.model_from_form(base, request.form, locale=current_locale())
    catalog = builder_catalog(app, form_key)
    compiled, errors = (
        check_model(model, draft, form, catalog) if not problems else (None, problems)
    )
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


def preview(app_key, form_key):
    """«This lead would score …» for the posted (unsaved) rules."""
    app, form = published_or_404(app_key, form_key)
    draft, _rev = draft_or_404(app_key)
    base = rules_form.model_from_documents(draft, app.spec.document, form_key)
    model, problems = rules_form.model_from_form(base, request.form, locale=current_locale())
    catalog = builder_catalog(app, form_key)
    compiled, errors = (
        check_model(model, draft, form, catalog) if not problems else (None, problems)
    )
    lead = request.form.get("lead", "")
    explanation = None
    lead_id = parse_int(lead, minimum=1)
    if compiled is not None and lead_id is not None:
        explanation = explain_record(db(), form, lead_id, model=compiled)
    return render_template(
        "rules/_preview.html",
        explanation=explanation,
        errors=errors,
        chosen=lead,
        rule_names=rule_names(model),
    )


def backtest(app_key, form_key):
    """The saved draft model against the published one, over every stored record."""
    app, form = published_or_404(app_key, form_key)
    draft, revision = draft_or_404(app_key)
    model = rules_form.model_from_documents(draft, app.spec.document, form_key)
    compiled, errors = check_model(model, draft, form, builder_catalog(app, form_key))
    old = model_for(app, form_key) or compiled
    result = None
    if compiled is not None:
        result = run_backtest(db(), form, old=old, new=compiled, title_field=form.spec.title_field)
    return render_template("rules/backtest.html", app=app, form=form, result=result, errors=errors)


def publish(app_key, form_key):
    """Publish the draft (the whole app, as the form designer does)."""
    published_or_404(app_key, form_key)
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
