"""The workspace: apps, record lists, record pages, create and edit."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from tessera.runtime.auth.assignment import AssignmentRefused, check_owner_change
from tessera.runtime.capture.merge import create_with_policy
from tessera.runtime.flows.history import runs_of_record
from tessera.runtime.forms.html import build_form, field_attrs, input_attrs, raw_input
from tessera.runtime.forms.values import InvalidInput, clean_values
from tessera.runtime.store.records import StaleRecord
from tessera.runtime.web.db import catalog, db
from tessera.runtime.web.redirects import safe_next
from tessera.runtime.web.workspace.common import app_and_form, store_of, widget_ctx
from tessera.runtime.web.workspace.related import prefilled_links, related_records

REVISION = "_revision"  # the edit form's hidden field; never a field key (keys start a-z)


@login_required
def home():
    """Every published app; with a single app, straight into it."""
    apps = catalog().all(db())
    return render_template("home.html", apps=apps)


@login_required
def app_home(app_key):
    """The app's forms with their record counts."""
    app, _form = app_and_form(app_key)
    counts = {}
    for form in app.navigation():
        store = store_of(form)
        counts[form.key] = store.list(per_page=1)[1]
    return render_template("app_home.html", app=app, counts=counts)


def _render_form(
    app, form, wtform, *, record=None, errors=None, status=200, revision=None, conflict=None
):
    return render_template(
        "record_form.html",
        next_url=_next_url(),
        app=app,
        form=form,
        wtform=wtform,
        record=record,
        revision=revision if revision is not None else getattr(record, "revision", None),
        conflict=conflict,
        errors=errors or {},
        field_attrs=field_attrs,
        input_attrs=input_attrs,
        ctx=widget_ctx(app),
    ), status


@login_required
def record_new(app_key, form_key):
    """Create a record; invalid input is shown again with a message beside each field."""
    app, form = app_and_form(app_key, form_key)
    ctx = widget_ctx(app)
    if request.method == "POST":
        wtform = build_form(form, ctx, db(), app, formdata=request.form)
        if not wtform.validate_on_submit() and wtform.csrf_token.errors:
            abort(400)
        try:
            values = clean_values(form, raw_input(form, request.form), ctx, strict_keys=False)
            check_owner_change(current_user, form, values, None, locale=ctx.locale)
        except InvalidInput as exc:
            return _render_form(app, form, wtform, errors=exc.errors, status=422)
        except AssignmentRefused as exc:
            return _render_form(app, form, wtform, errors=exc.errors, status=403)
        store = store_of(form)
        outcome = create_with_policy(store, values, origin={"via": "workspace"})
        return _after_save(app, form, store, outcome.record_id, outcome=outcome.kind)
    prefilled = prefilled_links(form, request.args, ctx)
    if prefilled:  # the form's defaults, and the link the page was opened with
        defaults = {f.key: f.default for f in form.input_fields() if f.default is not None}
        prefilled = {**defaults, **prefilled}
    wtform = build_form(form, ctx, db(), app, record_values=prefilled or None)
    return _render_form(app, form, wtform)


def _next_url() -> str | None:
    """Where to go after saving, when the page was opened from another (a follow-up added
    from its lead's page goes back to the lead): a local path only."""
    target = request.values.get("next")
    return safe_next(target, "") or None


def _posted_revision() -> int:
    posted = request.form.get(REVISION, "")
    if not (posted.isascii() and posted.isdigit() and len(posted) <= 18):
        abort(400)
    return int(posted)


@login_required
def record_edit(app_key, form_key, record_id):
    """Edit a record at the revision the form was loaded at: only changed fields are written
    and logged; if someone else saved since, nothing is written and the form comes back
    (409) with what the user typed and what the other person changed."""
    app, form = app_and_form(app_key, form_key)
    store = store_of(form)
    record = store.get(record_id, lock=request.method == "POST")
    if record is None:
        abort(404)
    ctx = widget_ctx(app)
    if request.method == "POST":
        wtform = build_form(form, ctx, db(), app, formdata=request.form)
        if not wtform.validate_on_submit() and wtform.csrf_token.errors:
            abort(400)
        loaded = _posted_revision()
        if loaded != record.revision:
            return _stale_form(app, form, wtform, store, record, loaded)
        try:
            values = clean_values(
                form, raw_input(form, request.form), ctx, existing=record.values, strict_keys=False
            )
            check_owner_change(current_user, form, values, record.values, locale=ctx.locale)
        except InvalidInput as exc:
            return _render_form(app, form, wtform, record=record, errors=exc.errors, status=422)
        except AssignmentRefused as exc:
            return _render_form(app, form, wtform, record=record, errors=exc.errors, status=403)
        try:
            store.update(record_id, values, expected_revision=loaded)
        except StaleRecord as exc:
            return _stale_form(app, form, wtform, store, exc.current, loaded)
        return _after_save(app, form, store, record_id)
    return _render_form(
        app, form, build_form(form, ctx, db(), app, record_values=record.values), record=record
    )


OUTCOME_MESSAGES = {
    "merged": lambda: _(
        "This record was already known: what you entered filled its empty fields. "
        "Differing values are kept on its timeline."
    ),
    "flagged": lambda: _("Saved. It looks like a record already known: marked for review."),
}


def _after_save(app, form, store, record_id, *, outcome: str = "created"):
    """To the saved record's page, saying so (or that the new record was merged into a known
    one, or flagged as a possible duplicate); to the list, with a word why, when the save (or
    a subscriber it triggered, e.g. an assignment) moved the record out of the user's scope."""
    if store.get(record_id) is None:
        flash(_("Saved. The record is no longer in your list."), "success")
        return redirect(url_for(".record_list", app_key=app.key, form_key=form.key), code=303)
    message = OUTCOME_MESSAGES.get(outcome)
    flash(message() if message else _("Saved."), "success")
    if _next_url():
        return redirect(_next_url(), code=303)
    return redirect(
        url_for(".record_detail", app_key=app.key, form_key=form.key, record_id=record_id),
        code=303,
    )


def _stale_form(app, form, wtform, store, current, loaded: int):
    """409: the form again with what the user typed, the fields someone else changed since
    revision ``loaded`` (shown with their new values), and still the loaded revision, so a
    second save is refused too until the user reloads."""
    changed = store.changes_since(current.id, loaded)
    conflict = [(form.spec.field(k), current.values.get(k)) for k in changed]
    return _render_form(
        app, form, wtform, record=current, status=409, revision=loaded, conflict=conflict
    )


@login_required
def record_detail(app_key, form_key, record_id):
    """A record's fields by section, and its timeline."""
    app, form = app_and_form(app_key, form_key)
    store = store_of(form)
    record = store.get(record_id)
    if record is None:
        abort(404)
    flows = form.section("flows") or ()
    return render_template(
        "record_detail.html",
        app=app,
        form=form,
        record=record,
        timeline=store.timeline(record_id),
        flow_labels={flow.key: flow.label for flow in flows},
        flow_runs=runs_of_record(db(), app.key, form.key, record_id, limit=10),
        related=related_records(db(), app, form, record_id, current_user),
        ctx=widget_ctx(app),
    )


@login_required
def record_delete(app_key, form_key, record_id):
    """Soft-delete a record (it can be restored)."""
    _app, form = app_and_form(app_key, form_key)
    if not store_of(form).delete(record_id):
        abort(404)
    flash(_("Deleted."), "success")
    return redirect(url_for(".record_list", app_key=app_key, form_key=form_key), code=303)
