"""The input pipeline: normalize, required, visibility, unknown keys — nothing half-stored."""

import pytest

from tessera.runtime import publishing
from tessera.runtime.catalog import AppCatalog
from tessera.runtime.forms.values import InvalidInput, clean_values
from tessera.widgets import WidgetContext
from tests.runtime.sample_app import sample_app


@pytest.fixture
def contact(sqlite_engine):
    with sqlite_engine.begin() as conn:
        publishing.create_app(conn, sample_app())
        publishing.publish(conn, "crm")
    with sqlite_engine.connect() as conn:
        yield AppCatalog().get(conn, "crm").form("contact")


def test_values_are_normalized(contact):
    values = clean_values(
        contact, {"name": " 张三 ", "phone": "138 0013 8000", "size": "1,200"}, WidgetContext()
    )
    assert values["name"] == "张三"
    assert values["phone"] == "+8613800138000"
    assert values["size"] == 1200


def test_every_bad_field_is_reported_at_once(contact):
    with pytest.raises(InvalidInput) as exc:
        clean_values(contact, {"name": "", "phone": "12345", "size": "lots"}, WidgetContext())
    assert set(exc.value.errors) == {"name", "phone", "size"}
    assert exc.value.errors["name"] == "此项为必填"


def test_english_messages(contact):
    with pytest.raises(InvalidInput) as exc:
        clean_values(contact, {"name": ""}, WidgetContext(locale="en"))
    assert exc.value.errors["name"] == "This field is required"


def test_hidden_field_is_neither_required_nor_stored(contact):
    values = clean_values(contact, {"name": "A", "kind": "lead", "why": "price"}, WidgetContext())
    assert "why" not in values or values["why"] is None


def test_shown_field_is_required(contact):
    with pytest.raises(InvalidInput) as exc:
        clean_values(contact, {"name": "A", "kind": "流失"}, WidgetContext())
    assert set(exc.value.errors) == {"why"}


def test_unknown_keys_are_refused_over_the_api(contact):
    with pytest.raises(InvalidInput) as exc:
        clean_values(contact, {"name": "A", "secret": 1}, WidgetContext())
    assert "secret" in exc.value.errors


def test_partial_update_touches_only_given_fields(contact):
    existing = {"name": "A", "phone": "+8613800138000", "size": 3.0, "kind": None, "why": None}
    values = clean_values(contact, {"size": 5}, WidgetContext(), existing=existing, partial=True)
    assert values == {"size": 5}
