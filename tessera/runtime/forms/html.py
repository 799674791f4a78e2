"""HTML forms built from a published form's widgets (WTForms for rendering and CSRF).

Validation does not live in WTForms: the submitted strings go through the same pipeline as
the API (:func:`tessera.runtime.forms.values.clean_values`).
"""

from __future__ import annotations

import json

from flask import url_for
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import SelectField

from tessera.runtime.auth.scope import scope_for
from tessera.runtime.auth.users import list_users
from tessera.runtime.lookups import caller_of
from tessera.runtime.store.records import RecordStore
from tessera.widgets import label_text
from tessera.widgets.choices import html_options

# Without JavaScript a link field is a select of the newest records (and the current one);
# the picker (static/js/link_picker.js) searches them all through :func:`pick_url`.
RECENT_CHOICES = 20


def _user_field(label, description, conn):
    choices = html_options([(str(u.id), u.display_name) for u in list_users(conn)], blank=True)
    return SelectField(label, description=description, choices=choices, validate_choice=False)


def pick_url(app_key: str, form_key: str) -> str:
    """Where the picker of a link to ``form_key`` searches (JSON)."""
    return url_for("workspace.pick", app_key=app_key, form_key=form_key)


def _link_field(label, description, conn, ctx, target, current):
    """A select of ``target``'s newest records in the caller's scope (through the store), plus
    the record the field already points at (shown as «#id» when out of scope), so a save never
    drops a link the caller cannot list; its data attributes turn it into a searchable picker."""
    pairs, attrs = [], {}
    if target is not None:
        store = RecordStore(conn, target, scope=scope_for(caller_of(ctx), target))
        pairs = [
            (str(i), f"{title} (#{i})" if title is not None else f"#{i}")
            for i, title in store.choices(target.spec.title_field, limit=RECENT_CHOICES)
        ]
        title = None
        if current is not None:
            title = ctx.lookups.record_title(target.key, current)
            if str(current) not in {value for value, _ in pairs}:
                pairs.append((str(current), f"{title} (#{current})" if title else f"#{current}"))
        attrs = {
            "data-picker": pick_url(target.app_key, target.key),
            "data-picker-title": "" if current is None else (title or f"#{current}"),
            "data-picker-search": _("Type to search"),
            "data-picker-empty": _("No matching records"),
            "data-picker-failed": _("The search failed. Try again."),
            "data-picker-clear": _("Clear"),
        }
    return SelectField(
        label,
        description=description,
        choices=html_options(pairs, blank=True),
        validate_choice=False,
        render_kw=attrs,
    )


def _current_link(field, record_values, formdata) -> int | None:
    raw = formdata.get(field.key) if formdata is not None else (record_values or {}).get(field.key)
    text = str(raw).strip() if raw is not None else ""
    return int(text) if text.isascii() and text.isdigit() and len(text) < 10 else None


def build_form(
    form, ctx, conn, app, *, record_values: dict | None = None, formdata=None
) -> FlaskForm:
    """A bound FlaskForm for ``form`` in ``ctx.locale``, filled from ``record_values`` (edit) or
    ``formdata`` (a re-shown POST)."""

    class RecordForm(FlaskForm):
        pass

    for field in form.input_fields():
        label = label_text(field.label, ctx.locale)
        help_text = label_text(field.help, ctx.locale)
        if field.widget.refers_to == "user":
            unbound = _user_field(label, help_text, conn)
        elif field.widget.refers_to == "record":
            target = app.form(field.config.get("form") or "")
            current = _current_link(field, record_values, formdata)
            unbound = _link_field(label, help_text, conn, ctx, target, current)
        else:
            unbound = field.widget.form_field(
                label=label,
                config=dict(field.config),
                required=field.required,
                description=help_text,
                ctx=ctx,
            )
        setattr(RecordForm, field.key, unbound)
    data = None
    if record_values is not None and formdata is None:
        data = {}
        for field in form.input_fields():
            value = record_values.get(field.key)
            value = (
                field.widget.to_form_data(value, config=dict(field.config), ctx=ctx)
                if value is not None
                else None
            )
            data[field.key] = (
                ""
                if value is None
                else (
                    str(value) if isinstance(value, int) and not isinstance(value, bool) else value
                )
            )
    elif record_values is None and formdata is None:
        data = {f.key: f.default for f in form.input_fields() if f.default is not None}
    return RecordForm(formdata=formdata, data=data, meta={"locales": [ctx.locale]})


def raw_input(form, formdata: MultiDict) -> dict:
    """Submitted strings per field key: one string, or a list when the field sent several.

    A browser sends nothing for an unchecked checkbox; that means "no" (``""``), not "unknown".
    """
    raw = {}
    for field in form.input_fields():
        values = formdata.getlist(field.key)
        if not values:
            raw[field.key] = "" if field.widget.value_type == "boolean" else None
        else:
            raw[field.key] = values[0] if len(values) == 1 else values
    return raw


def field_attrs(field, ctx) -> dict:
    """Extra HTML attributes of a field's wrapper (visibility condition)."""
    attrs = {"data-field": field.key}
    page = field.visibility.page if field.visibility is not None else None
    if page is not None:  # the condition as forms.js evaluates it (operands normalized)
        attrs["data-visible-if"] = json.dumps(page, ensure_ascii=False)
    return attrs


def input_attrs(field, wtfield, ctx, *, error: str | None) -> dict:
    """HTML attributes of a field's input: placeholder, required, and what describes it."""
    attrs = {}
    placeholder = label_text(field.placeholder or field.config.get("placeholder"), ctx.locale)
    if placeholder:
        attrs["placeholder"] = placeholder
    if field.required:
        attrs["required"] = True
    described = [f"{wtfield.id}-help"] if wtfield.description else []
    if error:
        attrs["aria-invalid"] = "true"
        described.append(f"{wtfield.id}-error")
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return attrs
