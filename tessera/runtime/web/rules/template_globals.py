"""What the rules feature adds to other pages: a record's score explanation (the record
page) and links to the rule designers (the app page)."""

from __future__ import annotations

from flask import url_for
from flask_login import current_user

from tessera.runtime.auth.roles import can_design
from tessera.runtime.scoring import explain_record, model_for
from tessera.runtime.web.db import db


def score_explanation(app, form, record):
    """The explanation of a record's score for the record page (None without a model)."""
    if model_for(app, form.key) is None:
        return None
    return explain_record(db(), form, record.id)


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
