"""The input pipeline shared by HTML forms and the API: normalize, show/hide, require,
validate, compute. Nothing is stored unless every field passes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tessera.runtime.lookups import DbLookups
from tessera.widgets import FieldError, WidgetContext
from tessera.widgets.base import tr


class InvalidInput(Exception):
    """Input that cannot be stored; ``errors`` maps a field key to its message."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


def clean_values(
    form,
    raw: Mapping[str, Any],
    ctx: WidgetContext,
    *,
    existing: Mapping[str, Any] | None = None,
    partial: bool = False,
    strict_keys: bool = True,
) -> dict[str, Any]:
    """Stored values for ``raw`` input to ``form`` (a ``DeployedForm``).

    ``existing``: the record's current values (on edit). ``partial``: only keys present in
    ``raw`` change (PATCH). ``strict_keys``: unknown or read-only keys are errors (API).
    Raises :class:`InvalidInput` with every field's message at once.

    Example::

        clean_values(lead_form, {"name": "张三", "phone": "138 0013 8000"}, ctx)
    """
    spec = form.spec
    errors: dict[str, str] = {}
    record: dict[str, Any] = dict(existing or {})
    changed: set[str] = set()
    if strict_keys:
        for key in raw:
            field = spec.field(key) if spec.has_field(key) else None
            if field is None:
                errors[key] = tr(ctx.locale, "没有这个字段", "Unknown field")
            elif field.widget.computed:
                errors[key] = tr(
                    ctx.locale, "该字段由系统计算，不能写入", "This field is computed and read-only"
                )
    ctx.record = record
    creating = existing is None
    for field in form.input_fields():
        present = field.key in raw
        if partial and not present:
            continue
        value = raw.get(field.key)
        if creating and not present and field.default is not None:
            value = field.default
        try:
            record[field.key] = field.widget.normalize(value, config=field.config, ctx=ctx)
            changed.add(field.key)
        except FieldError as exc:
            errors[field.key] = exc.message
            record[field.key] = None
    for field in form.input_fields():
        if field.key not in changed and field.key not in errors:
            continue
        visible = form.section("visibility").get(field.key)
        if visible is not None and not visible(record):
            errors.pop(field.key, None)
            changed.discard(field.key)
            record[field.key] = (existing or {}).get(field.key)
            continue
        if field.key in errors:
            continue
        value = record[field.key]
        if field.widget.is_empty(value):
            if field.required:
                errors[field.key] = tr(ctx.locale, "此项为必填", "This field is required")
            continue
        try:
            field.widget.validate(value, config=field.config, ctx=ctx)
        except FieldError as exc:
            errors[field.key] = exc.message
    errors.update(_links_out_of_scope(form, record, existing, changed - set(errors), ctx))
    if errors:
        raise InvalidInput(errors)
    for field in spec.fields:
        if field.widget.recomputes:
            try:
                record[field.key] = field.widget.normalize(None, config=field.config, ctx=ctx)
            except FieldError:
                record[field.key] = None
            changed.add(field.key)
    return {key: record[key] for key in changed}


def _links_out_of_scope(form, record, existing, keys, ctx) -> dict[str, str]:
    """Link values the caller may not point at: records outside their row scope.

    Refused with the words of a missing record, so the answer never tells that it exists. A
    value kept unchanged is not checked again (a customer keeps its lead after the lead moved
    to another rep). Only the runtime's lookups know the caller; other contexts skip this.
    """
    if not isinstance(ctx.lookups, DbLookups):
        return {}
    errors = {}
    for field in form.input_fields():
        value = record.get(field.key)
        if (
            field.key not in keys
            or field.widget.refers_to != "record"
            or value is None
            or value == (existing or {}).get(field.key)
        ):
            continue
        if not ctx.lookups.record_in_scope(field.config.get("form") or "", value):
            errors[field.key] = tr(
                ctx.locale, "关联的记录不存在", "The linked record does not exist"
            )
    return errors
