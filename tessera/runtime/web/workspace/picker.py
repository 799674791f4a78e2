"""The link-field picker's search: JSON for ``static/js/link_picker.js``. The store applies the caller's row scope, as for every other read."""

from __future__ import annotations

from flask import jsonify, request
from flask_babel import gettext as _
from flask_login import current_user

from tessera.runtime.auth.scope import scope_for
from tessera.runtime.forms.search import pick_records
from tessera.runtime.lookups import widget_context
from tessera.runtime.store.records import RecordStore
from tessera.runtime.web.db import catalog, db, settings
from tessera.runtime.web.errors import api_error
from tessera.runtime.web.i18n import current_locale


def pick(app_key, form_key):
    """``{"records": [{"id", "title", "detail"}, …]}``: the newest records of the form the
    user may see whose title or other list text contains ``q`` (at most 20; the newest ones
    for an empty ``q``). 401 JSON when signed out, 404 for a form that is not published."""
    if not current_user.is_authenticated:
        return api_error(401, _("Sign in again to search."))
    app = catalog().get(db(), app_key)
    form = app.form(form_key) if app is not None else None
    if form is None:
        return api_error(404, _("This page does not exist."))
    user = current_user._get_current_object()
    ctx = widget_context(
        db(), app, locale=current_locale(), timezone=settings().timezone, user=user
    )
    store = RecordStore(db(), form, scope=scope_for(user, form))
    response = jsonify({"records": pick_records(store, request.args.get("q", ""), ctx)})
    response.headers["Cache-Control"] = "private, no-store"  # answers follow the user's scope
    return response
