"""The draft every designer page starts from (or a 404), and the revision a page posts."""

from __future__ import annotations

from flask import abort, request

from tessera.builder.editing import EditError, form_of
from tessera.runtime import publishing
from tessera.runtime.web.db import db
from tessera.runtime.web.request_input import int_param


def load(app_key: str) -> tuple[dict, int]:
    """The draft and its revision; 404 for an unknown app."""
    try:
        return publishing.load_draft(db(), app_key)
    except publishing.UnknownApp:
        abort(404)


def form_or_404(doc: dict, form_key: str) -> dict:
    """The form ``form_key`` of the draft ``doc``; 404 when the draft has no such form."""
    try:
        return form_of(doc, form_key)
    except EditError:
        abort(404)


def posted_revision() -> int | None:
    """The draft revision the page was loaded at (the posted ``revision``); None when it was
    not sent (a conflict for the caller to answer), a 400 when it is not a whole number."""
    return int_param(request.form, "revision", default=None)
