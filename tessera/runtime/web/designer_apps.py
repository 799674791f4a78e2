"""The app-level designer: create an app (blank or from a template), its label, icon and
colour, its forms and menu order, publishing with a note, and the version history."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from tessera.builder import (
    InvalidDocument,
    blank_app,
    editing_layout,
    list_templates,
    load_template,
)
from tessera.builder.editing import EditError, clean_label
from tessera.runtime import publishing
from tessera.runtime.store.deploy import SchemaChangeRefused
from tessera.runtime.tables import apps
from tessera.runtime.web import designer_model as model
from tessera.runtime.web.db import db
from tessera.runtime.web.designer import bp, conflict_text, load
from tessera.runtime.web.i18n import current_locale

APP_KEY_PATTERN = r"^[a-z][a-z0-9_]{0,30}$"


def app_rows() -> list:
    """Every app with its label, published version and whether the draft moved on."""
    return (
        db()
        .execute(
            sa.select(
                apps.c.key, apps.c.label, apps.c.current_version, apps.c.draft_revision
            ).order_by(apps.c.position, apps.c.id)
        )
        .all()
    )


def templates():
    """The shipped app templates."""
    return list_templates()


def _to_app(app_key: str):
    return redirect(url_for("designer.app_designer", app_key=app_key), code=303)


@bp.post("/new")
def new_app():
    """Create an app from a template or blank; then open its designer."""
    import re

    key = request.form.get("key", "").strip()
    label = clean_label(
        {"zh-CN": request.form.get("label_zh", ""), "en": request.form.get("label_en", "")}
    )
    template = request.form.get("template", "")
    problems = {}
    if not re.match(APP_KEY_PATTERN, key):
        problems["key"] = _(
            "An app key starts with a lower-case letter and uses only lower-case letters, "
            "digits and underscores (at most 31 characters)."
        )
    elif db().execute(sa.select(apps.c.id).where(apps.c.key == key)).first():
        problems["key"] = _("An app with this key already exists.")
    if not label:
        problems["label"] = _("Give the app a name.")
    if template and template not in {t.key for t in list_templates()}:
        problems["template"] = _("Unknown template.")
    if problems:
        return render_template(
            "designer/index.html",
            apps=app_rows(),
            templates=templates(),
            problems=problems,
            values=request.form,
        ), 422
    if template:
        doc = load_template(template)
        doc["key"], doc["label"] = key, label
    else:
        doc = blank_app(key, label)
    publishing.create_app(db(), doc, actor_id=current_user.id)
    flash(_("App created. Design its forms, then publish."), "success")
    return _to_app(key)


@bp.get("/<app_key>")
def app_designer(app_key):
    """The app's look, forms, menu order, what publishing would do, and its history."""
    doc, revision = load(app_key)
    locale = current_locale()
    return render_template(
        "designer/app.html",
        doc=doc,
        revision=revision,
        app_key=app_key,
        plan=model.plan_lines(db(), app_key, locale),
        history=model.history(db(), app_key, locale),
        errors=model.errors_by_field(doc, locale),
    )


def _save(app_key: str, new_doc: dict, revision: int | None) -> bool:
    try:
        publishing.save_draft(
            db(), app_key, new_doc, expected_revision=revision or -1, actor_id=current_user.id
        )
    except publishing.DraftConflict:
        flash(conflict_text(), "error")
        return False
    return True


def _app_edit(doc: dict, edit: str, data) -> dict:
    label = {"zh-CN": data.get("label_zh", ""), "en": data.get("label_en", "")}
    form = data.get("form", "")
    if edit == "settings":
        return editing_layout.update_app(
            doc, label=label, icon=data.get("icon", ""), color=data.get("color", "")
        )
    if edit == "add_form":
        if not clean_label(label):
            raise EditError("give the new form a name", "请填写新表单的名称")
        return editing_layout.add_form(doc, label=label)
    if edit == "rename_form":
        return editing_layout.rename_form(doc, form=form, label=label)
    if edit == "remove_form":
        return editing_layout.remove_form(doc, form=form)
    if edit in ("move_form", "reorder_forms"):
        order = list(doc.get("navigation") or [f["key"] for f in doc["forms"]])
        order += [f["key"] for f in doc["forms"] if f["key"] not in order]
        if edit == "reorder_forms":
            order = [k for k in data.get("order", "").split(",") if k]
        elif form in order:
            i = order.index(form)
            j = i - 1 if data.get("direction") == "up" else i + 1
            if 0 <= j < len(order):
                order[i], order[j] = order[j], order[i]
        return editing_layout.reorder_forms(doc, order=order)
    abort(404)


@bp.post("/<app_key>/edit/<edit>")
def edit_app(app_key, edit):
    """One app-level edit, saved at the revision the page was loaded at."""
    doc, current = load(app_key)
    revision = request.form.get("revision", type=int)
    if revision != current:
        flash(conflict_text(), "error")
        return _to_app(app_key)
    try:
        new_doc = _app_edit(doc, edit, request.form)
    except EditError as exc:
        flash(exc.text(current_locale()), "error")
        return _to_app(app_key)
    _save(app_key, new_doc, revision)
    return _to_app(app_key)


@bp.post("/<app_key>/publish")
def publish(app_key):
    """Publish the draft the user looked at, with a note; refusals and errors are shown."""
    _doc, current = load(app_key)
    if request.form.get("revision", type=int) != current:
        flash(conflict_text(), "error")
        return _to_app(app_key)
    note = request.form.get("note", "").strip()[:500]
    try:
        number = publishing.publish(db(), app_key, note=note, actor_id=current_user.id)
    except InvalidDocument as exc:
        for error in exc.errors[:5]:
            flash(f"{error.path}: {error.text(current_locale())}", "error")
        return _to_app(app_key)
    except SchemaChangeRefused as exc:
        for change in exc.refusals:
            flash(change.describe(current_locale()), "error")
        return _to_app(app_key)
    flash(_("Published version %(n)s.", n=number), "success")
    return _to_app(app_key)


@bp.post("/<app_key>/versions/<int:number>/restore")
def restore(app_key, number):
    """Make an old version the draft again (publish it to roll back)."""
    load(app_key)
    try:
        publishing.restore_version(db(), app_key, number, actor_id=current_user.id)
    except LookupError:
        abort(404)
    flash(_("Version %(n)s is the draft again. Publish it to roll back.", n=number), "success")
    return _to_app(app_key)
