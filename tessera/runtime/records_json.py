"""Records as the REST API reads them (Airtable-like)."""

from __future__ import annotations

import datetime as dt


def iso_stamp(value: dt.datetime | None) -> str | None:
    """An ISO 8601 instant with its offset (SQLite hands back naive UTC datetimes)."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.isoformat()


def record_to_json(record, form, ctx) -> dict:
    """``{"id", "revision", "created_at", "updated_at", "fields": {key: value}}``."""
    fields = {}
    for field in form.spec.fields:
        value = record.values.get(field.key)
        fields[field.key] = (
            None if value is None else field.widget.to_json(value, config=field.config, ctx=ctx)
        )
    return {
        "id": record.id,
        "revision": record.revision,
        "created_at": iso_stamp(record.created_at),
        "updated_at": iso_stamp(record.updated_at),
        "fields": fields,
    }


def etag(record) -> str:
    """The record's ``ETag``: its revision, quoted (send it back in ``If-Match``)."""
    return f'"{record.revision}"'
