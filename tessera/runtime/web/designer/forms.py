"""The form designer's pages: palette, canvas, properties panel and live preview.

Every edit is an htmx POST naming one edit (``/design/<app>/form/<form>/edit/<edit>``): the
draft is loaded, the matching :mod:`tessera.builder.editing` function applied, and the result
saved with the revision the page was loaded at (:func:`publishing.save_draft`), so a second
tab's stale save is refused with a clear message instead of overwriting work. The response is
the re-rendered designer, with every validation error beside the property it concerns.
"""

from __future__ import annotations

from flask import abort, make_response, render_template, request
from flask_login import current_user

from tessera.builder import InvalidDocument
from tessera.builder.editing import EditError
from tessera.runtime import publishing
from tessera.runtime.forms.html import build_form, field_attrs, input_attrs
from tessera.runtime.web.db import db, settings
from tessera.runtime.web.designer import model
from tessera.runtime.web.designer.conditions import condition_view
from tessera.runtime.web.designer.drafts import form_or_404, load, posted_revision
from tessera.runtime.web.designer.edits import FIELD_EDITS, EditResult
from tessera.runtime.web.i18n import current_locale


def workspace_context(app_key: str, form_key: str, *, selected: str | None = None) -> dict:
    """Everything the form designer's templates need, computed from the current draft."""
    doc, revision = load(app_key)
    form_doc = form_or_404(doc, form_key)
    keys = [f["key"] for s in form_doc.get("sections", []) for f in s.get("fields", [])]
    locale = current_locale()
    fields = {f["key"]: f for s in form_doc.get("sections", []) for f in s.get("fields", [])}
    errors = model.errors_by_field(doc, locale)
    return {
        "doc": doc,
        "revision": revision,
        "app_key": app_key,
        "form_doc": form_doc,
        "fields": fields,
        "selected": selected if selected in keys else None,
        "errors": errors,
        "palette": model.palette(),
        "restorable": model.restorable_fields(db(), app_key, form_doc),
        "rule_inputs": model.rule_inputs,
        "field_roles": model.field_roles,
        "role_of": lambda key: model.role_of(doc, form_key, key),
        "condition": (
            condition_view(fields, key=selected, errors=errors, locale=locale)
            if selected in fields
            else None
        ),
        "widgets": model.widget_registry,
    }


def form_designer(app_key, form_key):
    """The designer page of one form: palette, canvas, properties panel and live preview."""
    ctx = workspace_context(app_key, form_key, selected=request.args.get("field"))
    return render_template("designer/form.html", **ctx)


def workspace(app_key, form_key):
    """The designer's working area alone (htmx: select a field without saving anything)."""
    return _workspace(app_key, form_key, selected=request.args.get("field"))


def _workspace(app_key, form_key, *, selected=None, alert=None, status=200):
    ctx = workspace_context(app_key, form_key, selected=selected)
    return render_template("designer/_workspace.html", alert=alert, **ctx), status


def conflict_response():
    """409 with the «changed elsewhere» message, shown above the designer (htmx retargets
    it there, so what is on screen stays)."""
    response = make_response(render_template("designer/_conflict.html"), 409)
    response.headers["HX-Retarget"] = "#designer-alert"
    response.headers["HX-Reswap"] = "innerHTML"
    return response


def edit_form(app_key, form_key, edit):
    """Apply one designer edit to the draft and save it at the revision it was loaded at."""
    handler = FIELD_EDITS.get(edit)
    if handler is None:
        abort(404)
    doc, current = load(app_key)
    form_or_404(doc, form_key)
    revision = posted_revision()
    if revision != current:
        return conflict_response()
    try:
        result: EditResult = handler(doc, form_key, request.form, db=db(), app_key=app_key)
    except EditError as exc:
        return _workspace(
            app_key,
            form_key,
            selected=request.form.get("key"),
            alert=exc.text(current_locale()),
            status=422,
        )
    try:
        publishing.save_draft(
            db(), app_key, result.doc, expected_revision=revision, actor_id=current_user.id
        )
    except publishing.DraftConflict:
        return conflict_response()
    return _workspace(app_key, form_key, selected=result.selected, alert=result.message, status=200)


def preview(app_key, form_key):
    """The draft form rendered by the runtime's own form template (nothing is stored)."""
    doc, revision = load(app_key)
    form_or_404(doc, form_key)
    locale = current_locale()
    try:
        app, form = model.preview_form(doc, form_key)
    except InvalidDocument as exc:
        return render_template(
            "designer/preview.html", problems=[e.text(locale) for e in exc.errors], form=None
        )
    ctx = model.preview_context(locale, settings().timezone)
    wtform = build_form(form, ctx, db(), app)
    return render_template(
        "designer/preview.html",
        app=app,
        form=form,
        wtform=wtform,
        errors={},
        ctx=ctx,
        field_attrs=field_attrs,
        input_attrs=input_attrs,
        problems=[],
        revision=revision,
        device=request.args.get("device", "desktop"),
    )
