"""The catalogue of field types. Importing this package registers every widget."""

from importlib import import_module

from tessera.widgets.base import (
    CONDITION_TYPES,
    FieldError,
    Lookups,
    NoLookups,
    Widget,
    WidgetContext,
    label_text,
    register,
    widget_registry,
)

WIDGET_MODULES = (
    "text",
    "textarea",
    "number",
    "money",
    "email",
    "phone",
    "url",
    "select",
    "multiselect",
    "checkbox",
    "date",
    "datetime",
    "region",
    "user",
    "stage",
    "link",
    "rating",
    "tags",
    "score",
    "formula",
)

for _name in WIDGET_MODULES:
    import_module(f"tessera.widgets.{_name}")
widget_registry.freeze()

__all__ = [
    "CONDITION_TYPES",
    "FieldError",
    "Lookups",
    "NoLookups",
    "Widget",
    "WidgetContext",
    "label_text",
    "register",
    "widget_registry",
]
