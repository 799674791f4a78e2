"""Record lists: a view (the app's, a saved one, or the query string's), its filter built with
the visual condition builder, columns, sort, search, paging; saving views; bulk actions;
export. The state travels in the query string (``filter``, ``sort``, ``cols``, ``q``,
``view``), so every list is a link that can be bookmarked and shared."""

from __future__ import annotations

from flask import Response, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from tessera.conditions import ConditionError
from tessera.runtime.auth.users import list_users
from tessera.runtime.forms.condition_tree import condition_tree
from tessera.runtime.forms.values import InvalidInput
from tessera.runtime.lists import bulk, export, saved
from tessera.runtime.lists.query import list_columns, list_page, list_where, matching_ids
from tessera.runtime.lists.state import ListState
from tessera.runtime.web.condition_builder import builder_catalog, error_text
from tessera.runtime.web.db import db
from tessera.runtime.web.i18n import current_locale
from tessera.runtime.web.request_input import int_param
from tessera.runtime.web.workspace.common import app_and_form, store_of, widget_ctx

PER_PAGE = 50
MAX_PAGE = 10_000_000  # keeps the row offset far inside 64 bits


def _chosen_view(form):
    """``(view id or key, its state)`` the query string's ``view`` names, else ``(None,
    empty state)``; a saved view nobody may use is a 404."""
    ref = request.args.get("view", "")
    if not ref:
        return None, ListState()
    for view in form.section("views") or ():
        if view.key == ref:
            return ref, view.state
    if ref.isascii() and ref.isdigit() and len(ref) < 10:
        found = saved.get_view(db(), form, current_user, int(ref))
        if found is not None:
            return found.id, found.state
    abort(404)


def _state(form):
    view_ref, base = _chosen_view(form)
    return view_ref, ListState.from_args(request.args, form, base)


def _filter_error(form, state, exc: ConditionError, catalog) -> str:
    return error_text(
        condition_tree(state.filter, catalog), exc.path, exc.text(current_locale()), catalog
    )


@login_required
def record_list(app_key, form_key):
    """One page of a list view: its records, the total, views, filter, columns, bulk actions."""
    app, form = app_and_form(app_key, form_key)
    view_ref, state = _state(form)
    page = int_param(request.args, "page", default=1, minimum=1, maximum=MAX_PAGE)
    ctx = widget_ctx(app)
    catalog = builder_catalog(app, form.key)
    error, status = None, 200
    try:
        if state.problems:
            raise ConditionError(
                "The filter cannot be read.", message_zh="无法读取筛选条件。", code="bad_filter"
            )
        result = list_page(
            store_of(form), state, ctx, user_id=current_user.id, page=page, per_page=PER_PAGE
        )
    except ConditionError as exc:
        error, status = _filter_error(form, state, exc, catalog), 422
        result = None
    total = result.total if result else 0
    columns = result.columns if result else list_columns(form, state)
    view_args = {"view": view_ref} if view_ref else {}
    sort_links = {
        f.key: url_for(
            ".record_list",
            app_key=app.key,
            form_key=form.key,
            **state.with_sort(f.key).to_args(),
            **view_args,
        )
        for f in columns
    }
    return render_template(
        "record_list.html",
        app=app,
        form=form,
        state=state,
        view_ref=view_ref,
        document_views=form.section("views") or (),
        saved_views=saved.views_for(db(), form, current_user),
        may_share=saved.may_share(current_user),
        records=result.records if result else [],
        total=total,
        page=page,
        pages=max(1, (total + PER_PAGE - 1) // PER_PAGE),
        columns=columns,
        link_args={**state.to_args(), **view_args},
        sort_links=sort_links,
        all_fields=[f for f in form.spec.fields],
        catalog=catalog,
        tree=condition_tree(state.filter if not state.problems else None, catalog),
        filter_error=error,
        set_menu=_set_menu(form),
        tag_fields=bulk.bulk_fields(form, "tag"),
        ctx=ctx,
    ), status


def _set_menu(form) -> list[tuple]:
    """The bulk «set» menu: ``[(field, [(value, label)…])]``, users for user fields."""
    users = None
    menu = []
    for field in bulk.bulk_fields(form, "set"):
        if field.widget.refers_to == "user":
            if users is None:
                users = [(str(u.id), u.display_name) for u in list_users(db()) if u.active]
            choices = users
        else:
            choices = [
                (c["value"], c["label"])
                for c in field.widget.condition_choices(field.config, current_locale()) or ()
            ]
        menu.append((field, choices))
    return menu


@login_required
def view_save(app_key, form_key):
    """Save the list's current state as a view (personal, or shared when allowed)."""
    app, form = app_and_form(app_key, form_key)
    _ref, state = ListState(), ListState.from_args(request.form, form)
    try:
        view_id = saved.save_view(
            db(),
            form,
            current_user,
            name=request.form.get("name", ""),
            state=state,
            shared=request.form.get("shared") == "1",
            locale=current_locale(),
        )
    except saved.ViewRefused as exc:
        flash(exc.message, "error")
        back = url_for(".record_list", app_key=app.key, form_key=form.key, **state.to_args())
        return redirect(back, code=303)
    flash(_("View saved."), "success")
    return redirect(
        url_for(".record_list", app_key=app.key, form_key=form.key, view=view_id), code=303
    )


@login_required
def view_delete(app_key, form_key, view_id):
    """Delete a saved view (its owner; an admin for a shared one)."""
    app, form = app_and_form(app_key, form_key)
    if not saved.delete_view(db(), form, current_user, view_id):
        abort(404)
    flash(_("View deleted."), "success")
    return redirect(url_for(".record_list", app_key=app.key, form_key=form.key), code=303)


def _posted_ids() -> list[int]:
    ids = []
    for raw in request.form.getlist("ids")[: bulk.BATCH]:
        if not (raw.isascii() and raw.isdigit() and len(raw) < 10):
            abort(400)
        ids.append(int(raw))
    return ids


@login_required
def bulk_action(app_key, form_key):
    """Apply one bulk action to the chosen records, or (``scope=all``) to the next batch of
    every record the list's state matches after ``after``; answers JSON
    ``{changed, unchanged, next, total}`` to scripts (the page loops, showing progress) and
    a redirect back to the list otherwise."""
    app, form = app_and_form(app_key, form_key)
    ctx = widget_ctx(app)
    store = store_of(form)
    state = ListState.from_args(request.form, form)
    wants_json = request.accept_mimetypes.best == "application/json"
    total = None
    if request.form.get("scope") == "all":
        after = int_param(request.form, "after", default=0, minimum=0)
        try:
            ids = matching_ids(
                store, state, ctx, user_id=current_user.id, after=after, limit=bulk.BATCH
            )
            if after == 0:
                total = store.list(where=_where(store, state, ctx), per_page=1)[1]
        except ConditionError:
            abort(422)
    else:
        ids = _posted_ids()
    action = request.form.get("action", "")
    try:
        result = _run(action, store, ids, ctx)
    except InvalidInput as exc:
        message = next(iter(exc.errors.values()))
        if wants_json:
            return jsonify(error={"code": "invalid", "message": message, "fields": exc.errors}), 422
        flash(message, "error")
        return _back(app, form, state)
    more = len(ids) == bulk.BATCH and request.form.get("scope") == "all"
    if wants_json:
        return jsonify(
            changed=result.changed,
            unchanged=result.unchanged,
            refused=result.refused,
            next=ids[-1] if more else None,
            total=total,
        )
    flash(_("%(n)d records changed.", n=result.changed), "success")
    if result.refused:
        flash(result.refused, "error")
    return _back(app, form, state)


def _where(store, state, ctx):
    return list_where(store.form, state, ctx, user_id=current_user.id)


def _run(action, store, ids, ctx):
    form = store.form
    if action == "delete":
        return bulk.bulk_delete(store, ids)
    if action == "set":  # «set» is «field:value», one choice of the page's grouped menu
        key, _sep, value = request.form.get("set", "").partition(":")
        if key not in {f.key for f in bulk.bulk_fields(form, "set")}:
            abort(400)
        return bulk.bulk_set(store, ids, key, value, ctx, user=current_user)
    if action == "tag":
        key = request.form.get("tag_field", "")
        if key not in {f.key for f in bulk.bulk_fields(form, "tag")}:
            abort(400)
        return bulk.bulk_tag(store, ids, key, request.form.get("tag", ""), ctx)
    abort(400)


def _back(app, form, state):
    view = request.form.get("view")
    args = {**state.to_args(), **({"view": view} if view else {})}
    return redirect(url_for(".record_list", app_key=app.key, form_key=form.key, **args), code=303)


@login_required
def list_export(app_key, form_key, fmt):
    """Every record of the list view (scope applies) as CSV or XLSX, columns as shown."""
    app, form = app_and_form(app_key, form_key)
    _ref, state = _state(form)
    ctx = widget_ctx(app)
    store = store_of(form)
    columns = list_columns(form, state)
    name = f"{form.key}.{fmt}"
    try:
        list_where(form, state, ctx, user_id=current_user.id)
    except ConditionError:
        abort(422)
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    if fmt == "csv":
        chunks = export.export_csv(store, state, ctx, user_id=current_user.id, columns=columns)
        return Response("".join(chunks), mimetype="text/csv; charset=utf-8", headers=headers)
    if fmt == "xlsx":
        data = export.export_xlsx(store, state, ctx, user_id=current_user.id, columns=columns)
        mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        return Response(data, mimetype=mime, headers=headers)
    abort(404)
