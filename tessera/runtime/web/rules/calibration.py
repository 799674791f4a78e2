"""The rule designer's calibration page: a proposal fitted on closed records, and «use as
draft», which writes the proposed points into the draft (to review, backtest and publish)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from tessera.runtime import publishing
from tessera.runtime.scoring.calibration import MIN_CLOSED, MIN_EACH, calibrate
from tessera.runtime.web.db import db
from tessera.runtime.web.request_input import int_param
from tessera.runtime.web.rules import form as rules_form
from tessera.runtime.web.rules.drafts import check_model, draft_or_404, published_or_404


def _proposal(app_key, form_key):
    app, form = published_or_404(app_key, form_key)
    draft, revision = draft_or_404(app_key)
    model = rules_form.model_from_documents(draft, app.spec.document, form_key)
    compiled, errors = check_model(model, draft, form)
    result = calibrate(db(), form, compiled) if compiled is not None else None
    return app, form, draft, revision, model, result, errors


def calibration(app_key, form_key):
    """The proposed points and the predicted win probability per grade."""
    app, form, _d, revision, _m, result, errors = _proposal(app_key, form_key)
    return render_template(
        "rules/calibration.html",
        app=app,
        form=form,
        result=result,
        errors=errors,
        revision=revision,
        min_closed=MIN_CLOSED,
        min_each=MIN_EACH,
    )


def use_calibration(app_key, form_key):
    """Write the proposed points into the draft's model."""
    app, form, draft, revision, model, result, errors = _proposal(app_key, form_key)
    if result is None or not result.enough:
        flash(_("There is not enough history to calibrate."), "error")
        return redirect(url_for(".calibration", app_key=app_key, form_key=form_key), code=303)
    proposed = {r["key"]: r["proposed"] for r in result.rules}
    for rule in model.get("rules", []) + model.get("decay", []):
        if rule["key"] in proposed:
            rule["points"] = proposed[rule["key"]]
    draft.setdefault("scoring", {})[form_key] = model
    try:
        publishing.save_draft(
            db(),
            app_key,
            draft,
            expected_revision=int_param(request.form, "revision", default=revision),
            actor_id=current_user.id,
        )
    except publishing.DraftConflict:
        flash(
            _("Someone saved this app since you opened it; reload to see their changes."), "error"
        )
        return redirect(url_for(".calibration", app_key=app_key, form_key=form_key), code=303)
    flash(_("The proposed points are in the draft. Check the backtest, then publish."), "success")
    return redirect(url_for(".designer", app_key=app_key, form_key=form_key), code=303)
