"""What every rule designer page starts from: the published form (its records are scored),
the app's draft (where the model is edited), and the check of a posted model."""

from __future__ import annotations

import re

from flask import abort

from tessera.builder.scoring import validate_scoring_model
from tessera.conditions import FormSchema
from tessera.runtime import publishing
from tessera.runtime.scoring import compile_model
from tessera.runtime.scoring.model import ModelError
from tessera.runtime.web.db import catalog, db
from tessera.runtime.web.i18n import current_locale


def published_or_404(app_key: str, form_key: str):
    """``(app, form)`` of the published version; 404 when either is not published."""
    app = catalog().get(db(), app_key)
    form = app.form(form_key) if app else None
    if form is None:
        abort(404)
    return app, form


def draft_or_404(app_key: str) -> tuple[dict, int]:
    """The app's draft and its revision; 404 for an unknown app."""
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
