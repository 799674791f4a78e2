"""List values shared by multiselect and tags."""

import pytest
from sqlalchemy.dialects import postgresql, sqlite

from tessera.widgets import FieldError, WidgetContext, widget_registry
from tessera.widgets.lists import split_items

CTX = WidgetContext()


def test_split_items():
    assert split_items("a, b、c", separators=",、", ctx=CTX) == ["a", "b", "c"]
    assert split_items(["a,b"], separators=",", ctx=CTX) == ["a", "b"]
    assert split_items(["a,b"], separators=",", ctx=CTX, split_list_items=False) == ["a,b"]
    assert split_items(" , ", separators=",", ctx=CTX) is None
    with pytest.raises(FieldError):
        split_items("a," * 500, separators=",", ctx=CTX)


def test_json_column_is_jsonb_on_postgresql():
    column = widget_registry.get("tags").sql_type({})
    assert column.compile(dialect=postgresql.dialect()) == "JSONB"
    assert column.compile(dialect=sqlite.dialect()) == "JSON"
