"""What the workspace's views share: the app and form of a URL, the reader's store and the
widget context of the request."""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from tessera.runtime.auth.scope import scope_for
from tessera.runtime.lookups import widget_context
from tessera.runtime.store.records import RecordStore
from tessera.runtime.web.db import catalog, db, settings
from tessera.runtime.web.i18n import current_locale


def app_and_form(app_key: str, form_key: str | None = None):
    """The deployed app and form a URL names; 404 when either is unknown."""
    app = catalog().get(db(), app_key)
    if app is None:
        abort(404)
    if form_key is None:
        return app, None
    form = app.form(form_key)
    if form is None:
        abort(404)
    return app, form


def widget_ctx(app):
    """The widget context of this request: locale, time zone, the signed-in user."""
    user = current_user._get_current_object()
    return widget_context(
        db(), app, locale=current_locale(), timezone=settings().timezone, user=user
    )


def store_of(form) -> RecordStore:
    """The form's store as the signed-in user acts on it, within their row scope."""
    return RecordStore(db(), form, actor_id=current_user.id, scope=scope_for(current_user, form))
