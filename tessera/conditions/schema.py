"""What the condition compiler knows about a form: its fields (widget, config) and the forms
its link fields point to. Built from the builder's specs, so drafts can be checked too."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tessera.conditions.operators.base import FieldInfo


@dataclass(frozen=True)
class FormSchema:
    """Fields of one form for type-checking conditions.

    Example::

        schema = FormSchema.of(app_spec, "lead")
        schema.field("company_size").widget.type  # "number"
    """

    app_key: str
    spec: Any  # FormSpec
    app_spec: Any = None  # AppSpec, for link targets

    @classmethod
    def of(cls, app_spec, form_key: str) -> FormSchema:
        """The schema of ``form_key`` in ``app_spec``."""
        return cls(app_spec.key, app_spec.form(form_key), app_spec)

    @classmethod
    def of_deployed(cls, form) -> FormSchema:
        """The schema of a :class:`~tessera.runtime.catalog.DeployedForm`."""
        app_spec = form.app.spec if getattr(form, "app", None) is not None else None
        return cls(form.app_key, form.spec, app_spec)

    @property
    def form_key(self) -> str:
        return self.spec.key

    def field(self, key: str) -> FieldInfo | None:
        """The field ``key`` or None."""
        if not self.spec.has_field(key):
            return None
        spec = self.spec.field(key)
        return FieldInfo(key, spec.widget, spec.config, self)

    def field_keys(self) -> list[str]:
        return [f.key for f in self.spec.fields]

    def linked(self, form_key: str | None) -> FormSchema | None:
        """The schema of another form of the same app (a link target), or None."""
        if not form_key or self.app_spec is None or not self.app_spec.has_form(form_key):
            return None
        return FormSchema(self.app_key, self.app_spec.form(form_key), self.app_spec)
