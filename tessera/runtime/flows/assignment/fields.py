"""What the field-driven strategies share: checking at publish that a config names a field
of the form, and reading a record's value of it."""

from __future__ import annotations

from tessera.runtime.flows.errors import FlowConfigError


def known_field(form, key: str, path: str, *, kinds: frozenset | None = None):
    """The form's field ``key`` (of one of the condition ``kinds``, when given)."""
    field = form.spec.field(key) if form.spec.has_field(key) else None
    if field is None or (kinds and field.widget.condition_type not in kinds):
        raise FlowConfigError(
            path,
            f"«{key}» is not a field this strategy can read.",
            f"「{key}」不是此分配方式可以读取的字段。",
        )
    return field


def values_of(values: dict, key: str) -> list:
    """The record's value(s) of ``key`` as a list (a multi-choice field gives several)."""
    value = values.get(key)
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]
