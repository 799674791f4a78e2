"""Visibility conditions built as rows: one «all of» / «any of» group of comparisons."""

import copy

import pytest

from tessera.builder import load_template, validate_app_document
from tessera.builder.editing import EditError, find_field, update_field
from tessera.builder.editing_conditions import (
    add_condition_row,
    build_condition,
    default_row,
    fit_row,
    read_condition,
    remove_condition_row,
    set_condition,
)


@pytest.fixture
def doc():
    return load_template("leads")


def visible_if(doc, key):
    return find_field(doc, form="lead", key=key)[2].get("visible_if")


def test_stage_is_one_of_lost_or_invalid_is_a_valid_condition(doc):
    before = copy.deepcopy(doc)
    rows = [{"field": "stage", "op": "in", "value": ["lost", "invalid"]}]
    new = set_condition(doc, form="lead", key="lost_reason", mode="any", rows=rows)
    assert visible_if(new, "lost_reason") == rows[0]
    assert doc == before
    assert validate_app_document(new) == []


def test_two_rows_make_a_group_and_read_back_as_rows(doc):
    rows = [
        {"field": "stage", "op": "in", "value": ["lost"]},
        {"field": "company_size", "op": "gt", "value": 100},
    ]
    new = set_condition(doc, form="lead", key="lost_reason", mode="any", rows=rows)
    assert visible_if(new, "lost_reason") == {"any": rows}
    assert read_condition(visible_if(new, "lost_reason")) == ("any", rows)
    assert validate_app_document(new) == []


def test_no_rows_means_always_shown(doc):
    new = set_condition(doc, form="lead", key="lost_reason", mode="all", rows=[])
    assert visible_if(new, "lost_reason") is None
    assert read_condition(None) == ("all", [])


def test_conditions_the_rows_cannot_show_are_not_rows():
    assert read_condition({"not": {"field": "stage", "op": "eq", "value": "new"}}) is None
    assert read_condition({"all": [{"any": [{"field": "a", "op": "is_empty"}]}]}) is None
    assert read_condition({"field": "a", "op": "eq", "value": {"field": "b"}}) is None


def test_a_row_gets_an_operator_its_field_declares_and_no_value_when_it_takes_none(doc):
    # «contains» is not an operator of a stage: the stage's first operator replaces it.
    assert fit_row(doc, form="lead", row={"field": "stage", "op": "contains", "value": "x"}) == {
        "field": "stage",
        "op": "eq",
    }
    assert fit_row(doc, form="lead", row={"field": "stage", "op": "is_empty", "value": "x"}) == {
        "field": "stage",
        "op": "is_empty",
    }


def test_a_row_only_keeps_an_operator_the_form_page_evaluates(doc):
    # «is me» needs the signed-in user, which the page does not know: saving it would be
    # refused, so the row falls back to the field's first operator the page evaluates.
    assert fit_row(doc, form="lead", row={"field": "owner", "op": "is_me"}) == {
        "field": "owner",
        "op": "eq",
    }
    row = {"field": "name", "op": "matches", "value": "^a"}
    assert fit_row(doc, form="lead", row=row) == {"field": "name", "op": "eq"}


def test_add_and_remove_rows(doc):
    one = set_condition(
        doc,
        form="lead",
        key="lost_reason",
        mode="any",
        rows=[{"field": "stage", "op": "in", "value": ["lost"]}],
    )
    two = add_condition_row(one, form="lead", key="lost_reason")
    mode, rows = read_condition(visible_if(two, "lost_reason"))
    assert mode == "all" and len(rows) == 2
    assert rows[1] == default_row(doc, form="lead", key="lost_reason")
    back = remove_condition_row(two, form="lead", key="lost_reason", index=0)
    assert visible_if(back, "lost_reason") == rows[1]
    with pytest.raises(EditError):
        remove_condition_row(two, form="lead", key="lost_reason", index=5)


def test_a_complex_condition_is_not_edited_row_by_row(doc):
    nested = {"not": {"field": "stage", "op": "eq", "value": "new"}}
    new = update_field(doc, form="lead", key="lost_reason", changes={"visible_if": nested})
    with pytest.raises(EditError) as exc:
        add_condition_row(new, form="lead", key="lost_reason")
    assert "replace" in exc.value.message


def test_an_unknown_group_mode_is_refused():
    with pytest.raises(EditError):
        build_condition("some", [{"field": "a", "op": "is_empty"}])
