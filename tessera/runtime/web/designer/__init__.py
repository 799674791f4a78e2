"""The designer in the browser (the «builder mount», ``/design``; admins and builders only):
the app-level pages (:mod:`.apps`: new app, settings, forms, publish, versions) and the form
designer (:mod:`.forms`, its edits in :mod:`.edits`, condition rows in :mod:`.conditions`),
both over the draft (:mod:`.drafts`, :mod:`.model`)."""

from flask import Blueprint

from tessera.runtime.web.access import designers_only
from tessera.runtime.web.designer import apps, forms

bp = Blueprint("designer", __name__, url_prefix="/design")
bp.before_request(designers_only)

bp.add_url_rule("/", view_func=apps.index, methods=["GET"])
bp.add_url_rule("/new", view_func=apps.new_app, methods=["POST"])
bp.add_url_rule("/<app_key>", view_func=apps.app_designer, methods=["GET"])
bp.add_url_rule("/<app_key>/edit/<edit>", view_func=apps.edit_app, methods=["POST"])
bp.add_url_rule("/<app_key>/publish", view_func=apps.publish, methods=["POST"])
bp.add_url_rule("/<app_key>/delete", view_func=apps.delete_app, methods=["POST"])
bp.add_url_rule(
    "/<app_key>/versions/<int:number>/restore", view_func=apps.restore, methods=["POST"]
)

bp.add_url_rule("/<app_key>/form/<form_key>", view_func=forms.form_designer, methods=["GET"])
bp.add_url_rule("/<app_key>/form/<form_key>/workspace", view_func=forms.workspace, methods=["GET"])
bp.add_url_rule(
    "/<app_key>/form/<form_key>/edit/<edit>", view_func=forms.edit_form, methods=["POST"]
)
bp.add_url_rule("/<app_key>/form/<form_key>/preview", view_func=forms.preview, methods=["GET"])

__all__ = ["bp"]
