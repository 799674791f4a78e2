"""Who may run lead capture in the workspace (the pages of this package)."""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from tessera.runtime.auth.roles import SEE_ALL
from tessera.runtime.web.db import catalog, db


def capture_app(app_key: str):
    """The published app, for a user allowed to run lead capture (else 403/404)."""
    if current_user.role not in SEE_ALL:
        abort(403)
    app = catalog().get(db(), app_key)
    if app is None:
        abort(404)
    return app
