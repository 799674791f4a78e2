"""Lead capture in the workspace (``/a/<app>/capture``; the roles that see every record):
public links (:mod:`.links`), possible duplicates and merges (:mod:`.duplicates`) and
CSV/XLSX import (:mod:`.imports`). The public pages themselves are
:mod:`tessera.runtime.web.public`."""

from flask import Blueprint

from tessera.runtime.web.capture import duplicates, imports, links

bp = Blueprint("capture", __name__, url_prefix="/a/<app_key>/capture")

bp.add_url_rule("/links", view_func=links.links, methods=["GET", "POST"])
bp.add_url_rule("/links/<slug>", view_func=links.link_detail, methods=["GET"])
bp.add_url_rule("/links/<slug>/active", view_func=links.link_active, methods=["POST"])

bp.add_url_rule("/duplicates", view_func=duplicates.duplicates, methods=["GET"])
bp.add_url_rule(
    "/duplicates/<int:pair_id>", view_func=duplicates.merge_view, methods=["GET", "POST"]
)
bp.add_url_rule("/merges/<int:merge_id>/undo", view_func=duplicates.undo, methods=["POST"])

bp.add_url_rule("/import", view_func=imports.import_upload, methods=["GET", "POST"])
bp.add_url_rule("/import/<int:job_id>", view_func=imports.import_job, methods=["GET", "POST"])
bp.add_url_rule("/import/<int:job_id>/cancel", view_func=imports.import_cancel, methods=["POST"])
bp.add_url_rule("/import/<int:job_id>/progress", view_func=imports.import_progress, methods=["GET"])
bp.add_url_rule(
    "/import/<int:job_id>/rejected.csv", view_func=imports.import_rejected, methods=["GET"]
)

__all__ = ["bp"]
