"""What the condition compiler knows about a form: its fields (widget, config) and the forms
its link fields point to. Built from raw documents (the builder, at save), from compiled
specs or from a deployed form, so drafts and published apps are checked by the same code."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from tessera.conditions.operators.base import FieldInfo
from tessera.widgets import NoLookups, WidgetContext


@dataclass(frozen=True, eq=False)
class FormSchema:
    """Fields of one form for type-checking conditions.

    ``fields`` maps a field key to ``(widget, config)``; ``resolve`` gives the schema of
    another form of the same app (link targets) or None; ``excluded`` is a field a condition
    may not name (a field's visibility cannot depend on the field itself).

    Example::

        schema = FormSchema.of(app_spec, "lead")
        schema.field("company_size").widget.type  # "number"
    """

    form_key: str
    fields: Mapping[str, tuple[Any, Mapping]]
    resolve: Callable[[str], FormSchema | None] | None = None
    excluded: str | None = None
    unchecked: frozenset[str] = frozenset()  # fields with problems of their own (skipped)

    @classmethod
    def of(cls, app_spec, form_key: str) -> FormSchema:
        """The schema of ``form_key`` in a compiled app (anything with ``form(key)`` and
        ``has_form(key)`` whose forms have ``fields`` of ``key``, ``widget``, ``config``)."""
        form = app_spec.form(form_key)

        def resolve(key):
            return cls.of(app_spec, key) if key and app_spec.has_form(key) else None

        return cls(form.key, {f.key: (f.widget, f.config) for f in form.fields}, resolve)

    @classmethod
    def of_deployed(cls, form) -> FormSchema:
        """The schema of a deployed form (``spec``, and ``app.spec`` for its link targets)."""
        app = getattr(form, "app", None)
        if app is not None:
            return cls.of(app.spec, form.spec.key)
        return cls(form.spec.key, {f.key: (f.widget, f.config) for f in form.spec.fields})

    def field(self, key: str) -> FieldInfo | None:
        """The field ``key`` or None."""
        found = self.fields.get(key)
        if found is None:
            return None
        widget, config = found
        return FieldInfo(key, widget, config, self)

    def field_keys(self) -> list[str]:
        """Keys a condition may name, in document order."""
        return [k for k in self.fields if k != self.excluded]

    def linked(self, form_key: str | None) -> FormSchema | None:
        """The schema of another form of the same app (a link target), or None."""
        if not form_key or self.resolve is None:
            return None
        return self.resolve(form_key)

    def excluding(self, key: str) -> FormSchema:
        """This schema, refusing conditions that name ``key`` (its own visibility)."""
        return replace(self, excluded=key)


class DesignLookups(NoLookups):
    """Lookups at design time, when no database is there to ask: a user or a linked record
    named by its id is taken as given; emails and names cannot be resolved yet.

    Example::

        UserWidget().normalize(7, config={}, ctx=WidgetContext(lookups=DesignLookups()))  # 7
    """

    def find_user(self, ref):
        return {"id": ref} if isinstance(ref, int) and not isinstance(ref, bool) else None

    def record_exists(self, form, record_id):
        return True


def design_context() -> WidgetContext:
    """The widget context conditions are compiled in at design time and when a published
    document is loaded (so both agree): zh-CN, Asia/Shanghai, ids taken as given."""
    return WidgetContext(lookups=DesignLookups())
