"""Helpers for widget tests: fake runtime lookups and assertions on refusals."""

from __future__ import annotations

import pytest

from tessera.widgets import FieldError, widget_registry

ANN = {"id": 7, "email": "ann@example.com", "name": "Ann"}


class FakeLookups:
    """Knows one user (7, ann@example.com) and records 1..10 of any form."""

    def __init__(self, users=(ANN,)):
        self.users = list(users)

    def find_user(self, ref):
        for user in self.users:
            if ref == user["id"] or (isinstance(ref, str) and ref.lower() == user["email"]):
                return dict(user)
        return None

    def record_exists(self, form, record_id):
        return isinstance(record_id, int) and 1 <= record_id <= 10

    def record_title(self, form, record_id):
        return f"{form} {record_id}" if self.record_exists(form, record_id) else None


def refuse(widget_type: str, raw, *, ctx, config=None) -> str:
    """Normalize ``raw`` expecting a FieldError; returns its message."""
    widget = widget_registry.get(widget_type)
    with pytest.raises(FieldError) as caught:
        widget.normalize(raw, config=config or {}, ctx=ctx)
    assert caught.value.message
    return caught.value.message


def invalid(widget_type: str, value, *, ctx, config=None) -> str:
    """Validate ``value`` expecting a FieldError; returns its message."""
    widget = widget_registry.get(widget_type)
    with pytest.raises(FieldError) as caught:
        widget.validate(value, config=config or {}, ctx=ctx)
    assert caught.value.message
    return caught.value.message
