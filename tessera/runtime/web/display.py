"""Template helpers that show stored values through their widgets."""

from __future__ import annotations

from markupsafe import Markup

from tessera.widgets import label_text


def show_value(field, value, ctx) -> Markup:
    """A field's value as safe HTML (widgets escape; an empty value shows a dash)."""
    if value is None or value == [] or value == "":
        return Markup('<span class="muted">—</span>')
    return Markup(field.widget.display_html(value, config=dict(field.config), ctx=ctx))


def field_label(field, locale: str) -> str:
    """A field's label in ``locale``."""
    return label_text(field.label, locale)


def changed_labels(form, changes, locale: str) -> list[str]:
    """Labels of changed fields in form order; keys of fields no longer in the form last."""
    labels = [label_text(f.label, locale) for f in form.spec.fields if f.key in changes]
    return labels + [key for key in changes if not form.spec.has_field(key)]


def install(app) -> None:
    """Make the helpers available in every template."""
    app.jinja_env.globals.update(
        show_value=show_value, field_label=field_label, changed_labels=changed_labels
    )
