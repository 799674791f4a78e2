"""Published apps: list and read their documents."""

from __future__ import annotations

from flask import jsonify

from tessera.runtime import publishing
from tessera.runtime.web.api.common import published_form, token_required
from tessera.runtime.web.db import catalog, db


@token_required
def list_apps():
    """Published apps: key, label, version, forms."""
    return jsonify(
        {
            "apps": [
                {
                    "key": a.key,
                    "label": dict(a.spec.label),
                    "version": a.version,
                    "forms": [f.key for f in a.navigation()],
                }
                for a in catalog().all(db())
            ]
        }
    )


@token_required
def get_app(app_key):
    """The published document of an app."""
    app, _ = published_form(app_key)
    return jsonify(
        {
            "key": app.key,
            "version": app.version,
            "document": publishing.version_document(db(), app_key, app.version),
        }
    )
