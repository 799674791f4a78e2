"""The workspace: apps, record lists (views, filters, bulk actions, export), record pages
with their related records, create, edit and delete, the recycle bin, and the link-field
picker's search (signed-in users, within their row scope)."""

from flask import Blueprint

from tessera.runtime.web.workspace import lists, picker, records, trash

bp = Blueprint("workspace", __name__)
bp.add_url_rule("/", view_func=records.home, methods=["GET"])
bp.add_url_rule("/a/<app_key>", view_func=records.app_home, methods=["GET"])
bp.add_url_rule("/a/<app_key>/<form_key>", view_func=lists.record_list, methods=["GET"])
bp.add_url_rule("/a/<app_key>/<form_key>/views", view_func=lists.view_save, methods=["POST"])
bp.add_url_rule(
    "/a/<app_key>/<form_key>/views/<int:view_id>/delete",
    view_func=lists.view_delete,
    methods=["POST"],
)
bp.add_url_rule("/a/<app_key>/<form_key>/bulk", view_func=lists.bulk_action, methods=["POST"])
bp.add_url_rule(
    "/a/<app_key>/<form_key>/export.<fmt>", view_func=lists.list_export, methods=["GET"]
)
bp.add_url_rule("/a/<app_key>/<form_key>/trash", view_func=trash.trash, methods=["GET"])
bp.add_url_rule(
    "/a/<app_key>/<form_key>/<int:record_id>/restore", view_func=trash.restore, methods=["POST"]
)
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

__all__ = ["bp"]
