"""The app-level designer: create an app (blank or from a template), its label, icon and
colour, its forms and menu order, publishing with a note, and the version history."""

from __future__ import annotations

import re

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
from tessera.runtime.web.db import db
from tessera.runtime.web.designer import model
from tessera.runtime.web.designer.drafts import load, posted_revision
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


def index():
    """Every app, and the «new app» form (blank or from a template)."""
    return render_template("designer/index.html", apps=app_rows(), templates=templates())


def _to_app(app_key: str):
    return redirect(url_for("designer.app_designer", app_key=app_key), code=303)


LABEL_MAX = 200  # the app document schema's longest label


def new_app():
    """Create an app from a template or blank; then open its designer."""
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
    elif any(len(text) > LABEL_MAX for text in label.values()):
        problems["label"] = _("A name is at most %(n)d characters.", n=LABEL_MAX)
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


def app_designer(app_key):
    """The app's look, forms, menu order, what publishing would do, and its history."""
    return app_page(app_key)


def app_page(app_key: str, *, status: int = 200, conflict: bool = False, alert=None):
    """The app page; after a refused POST (``conflict`` or ``alert``) the fields keep what the
    user typed and the page keeps the revision they loaded, so nothing typed is lost and a
    second try is refused again until they reload."""
    doc, revision = load(app_key)
    locale = current_locale()
    refused = conflict or alert is not None
    return render_template(
        "designer/app.html",
        doc=doc,
        revision=request.form.get("revision", revision) if conflict else revision,
        app_key=app_key,
        plan=model.plan_lines(db(), app_key, locale),
        history=model.history(db(), app_key, locale),
        errors=model.errors_by_field(doc, locale),
        conflict=conflict,
        alert=alert,
        posted=request.form if refused else {},
        posted_edit=request.view_args.get("edit", "publish") if refused else None,
        never_published=model.never_published(db(), app_key),
    ), status


def _save(app_key: str, new_doc: dict, revision: int | None) -> bool:
    try:
        publishing.save_draft(
            db(), app_key, new_doc, expected_revision=revision or -1, actor_id=current_user.id
        )
    except publishing.DraftConflict:
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


def edit_app(app_key, edit):
    """One app-level edit, saved at the revision the page was loaded at. A stale revision is
    refused (409) and the page re-rendered with what the user typed."""
    doc, current = load(app_key)
    revision = posted_revision()
    if revision != current:
        return app_page(app_key, status=409, conflict=True)
    try:
        new_doc = _app_edit(doc, edit, request.form)
    except EditError as exc:
        return app_page(app_key, status=422, alert=exc.text(current_locale()))
    if not _save(app_key, new_doc, revision):
        return app_page(app_key, status=409, conflict=True)
    if edit == "remove_form":
        flash(
            _("Form removed from the draft. Publishing archives its table; its records are kept."),
            "success",
        )
    return _to_app(app_key)


def publish(app_key):
    """Publish the draft the user looked at, with a note; refusals and errors are shown."""
    load(app_key)
    revision = posted_revision()
    note = request.form.get("note", "").strip()[:500]
    try:
        # The revision is checked under the app's lock, so a save or publish that lands
        # while this one waits is seen.
        number = publishing.publish(
            db(),
            app_key,
            note=note,
            actor_id=current_user.id,
            expected_revision=revision if revision is not None else -1,
        )
    except publishing.DraftConflict:
        return app_page(app_key, status=409, conflict=True)
    except publishing.NothingToPublish as exc:
        return app_page(
            app_key,
            status=409,
            alert=_(
                "Nothing to publish: this draft is already published as version %(n)s.",
                n=exc.version,
            ),
        )
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


def delete_app(app_key):
    """Delete an app that was never published (its draft only); published apps are kept."""
    load(app_key)
    if not model.never_published(db(), app_key):
        return app_page(
            app_key,
            status=409,
            alert=_("A published app cannot be deleted: it has records and versions."),
        )
    db().execute(sa.delete(apps).where(apps.c.key == app_key))
    flash(_("The app draft was deleted."), "success")
    return redirect(url_for("designer.index"), code=303)


def restore(app_key, number):
    """Make an old version the draft again (publish it to roll back)."""
    load(app_key)
    try:
        publishing.restore_version(db(), app_key, number, actor_id=current_user.id)
    except LookupError:
        abort(404)
    flash(_("Version %(n)s is the draft again. Publish it to roll back.", n=number), "success")
    return _to_app(app_key)
