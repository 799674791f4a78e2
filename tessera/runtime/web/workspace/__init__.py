"""The workspace: apps, record lists, record pages, create, edit and delete, and the
link-field picker's search (signed-in users, within their row scope)."""

from flask import Blueprint

from tessera.runtime.flows.assignment.explain import explain
from tessera.runtime.web.workspace import picker, records

bp = Blueprint("workspace", __name__)
bp.add_url_rule("/", view_func=records.home, methods=["GET"])
bp.add_url_rule("/a/<app_key>", view_func=records.app_home, methods=["GET"])
bp.add_url_rule("/a/<app_key>/<form_key>", view_func=records.record_list, methods=["GET"])
bp.add_url_rule(
    "/a/<app_key>/<form_key>/new", view_func=records.record_new, methods=["GET", "POST"]
)
bp.add_url_rule(
    "/a/<app_key>/<form_key>/<int:record_id>", view_func=records.record_detail, methods=["GET"]
)
bp.add_url_rule(
    "/a/<app_key>/<form_key>/<int:record_id>/edit",
    view_func=records.record_edit,
    methods=["GET", "POST"],
)
bp.add_url_rule(
    "/a/<app_key>/<form_key>/<int:record_id>/delete",
    view_func=records.record_delete,
    methods=["POST"],
)
bp.add_url_rule("/a/<app_key>/<form_key>/pick", view_func=picker.pick, methods=["GET"])
# The timeline's assignment entries keep their reason; it is put in words as they are read.
bp.add_app_template_global(explain, "assignment_text")

__all__ = ["bp"]
