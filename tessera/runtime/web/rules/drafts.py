"""What every rule designer page starts from: the published form (its records are scored),
the app's draft (where the model is edited), and the check of a posted model."""

from __future__ import annotations

import re

from flask import abort

from tessera.builder.scoring import validate_scoring_model
from tessera.conditions import FormSchema
from tessera.runtime import publishing
from tessera.runtime.forms.condition_tree import condition_tree
from tessera.runtime.scoring import compile_model
from tessera.runtime.scoring.model import ModelError
from tessera.runtime.web.condition_builder import error_text
from tessera.runtime.web.db import catalog, db
from tessera.runtime.web.i18n import current_locale

WHEN = re.compile(r"^/rules/(\d+)/when(/.*)?$")


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


def check_model(model: dict, draft: dict, form, catalog=None) -> tuple[object | None, dict]:
    """``(compiled or None, {rule key or "model": message})`` for a posted model. With the
    builder's ``catalog``, a problem inside a rule's condition is named by its place in the
    builder («条件 2 › 字段 公司规模: …») rather than by its JSON path."""
    errors: dict[str, str] = {}
    rules = [r if isinstance(r, dict) else {} for r in model.get("rules", [])]
    keys = [r.get("key") for r in rules]
    locale = current_locale()
    for error in validate_scoring_model(model, draft, form.key):
        text = _in_words(error.path, error.text(locale), rules, catalog)
        errors.setdefault(_owner(error.path, keys), text)
    if errors:
        return None, errors
    try:
        return compile_model(model, schema=FormSchema.of_deployed(form)), {}
    except ModelError as exc:
        return None, {_owner(exc.path, keys): str(exc)}


def _in_words(path: str, message: str, rules: list, catalog) -> str:
    found = WHEN.match(path or "")
    if found is None or catalog is None or int(found.group(1)) >= len(rules):
        return f"{path}: {message}" if catalog is None else message
    condition = rules[int(found.group(1))].get("when")
    return error_text(condition_tree(condition, catalog), found.group(2) or "", message, catalog)


def _owner(path: str, keys: list) -> str:
    found = re.match(r"^/rules/(\d+)", path or "")
    if found and int(found.group(1)) < len(keys):
        return keys[int(found.group(1))]
    return "model"
