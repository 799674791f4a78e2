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


def install(app) -> None:
    """Make the helpers available in every template."""
    app.jinja_env.globals.update(show_value=show_value, field_label=field_label)
