"""The public pages of lead capture (``/f/<slug>``, no login): a link's form and its submit
path (:mod:`.submit`), the thank-you page, QR codes and a printable poster (:mod:`.pages`).
CSRF-exempt: form posts are guarded by their signed form token (``capture/spam.py``)."""

from flask import Blueprint

from tessera.runtime.web.public import pages, submit

bp = Blueprint("public", __name__, url_prefix="/f")
bp.add_url_rule("/<slug>", view_func=pages.form_page, methods=["GET"])
bp.add_url_rule("/<slug>", view_func=submit.submit_page, methods=["POST"])
bp.add_url_rule("/<slug>/thanks", view_func=pages.thanks, methods=["GET"])
bp.add_url_rule("/<slug>/qr.svg", view_func=pages.qr_code_svg, methods=["GET"])
bp.add_url_rule("/<slug>/qr.png", view_func=pages.qr_code_png, methods=["GET"])
bp.add_url_rule("/<slug>/poster", view_func=pages.poster, methods=["GET"])

__all__ = ["bp"]
