"""Records as the REST API reads them (Airtable-like)."""

from __future__ import annotations


def _stamp(value, ctx):
    if value is None:
        return None
    if value.tzinfo is None:
        import datetime as dt

        value = value.replace(tzinfo=dt.UTC)
    return value.isoformat()


def record_to_json(record, form, ctx) -> dict:
    """``{"id", "created_at", "updated_at", "fields": {key: value}}``."""
    fields = {}
    for field in form.spec.fields:
        value = record.values.get(field.key)
        fields[field.key] = (
            None
            if value is None
            else field.widget.to_json(value, config=dict(field.config), ctx=ctx)
        )
    return {
        "id": record.id,
        "created_at": _stamp(record.created_at, ctx),
        "updated_at": _stamp(record.updated_at, ctx),
        "fields": fields,
    }
