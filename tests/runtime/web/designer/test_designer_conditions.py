"""The visibility-condition rows of the properties panel, over a real app and database."""

import re

import pytest

from tessera.runtime import publishing
from tests.runtime.web.designer.support import FORM, csrf_of, designer_client, draft, edit, login


@pytest.fixture
def web(settings, migrated_db_url):  # both databases (settings uses this URL)
    yield from designer_client(settings)


def title_condition(client):
    lead = draft(client)[0]["forms"][0]
    return next(f for s in lead["sections"] for f in s["fields"] if f["key"] == "title").get(
        "visible_if"
    )


def test_a_visibility_group_of_comparisons_built_row_by_row(web):
    login(web)
    token = csrf_of(web.get(FORM).get_data(as_text=True))
    rows = {"cond_mode": "any", "cond_field_0": "stage", "cond_prev_0": "stage"}
    rows |= {"cond_op_0": "in", "cond_field_1": "company_size", "cond_prev_1": "company_size"}
    rows |= {"cond_op_1": "gt", "cond_value_1": "100"}
    data = {"key": "title", "label_zh": "职位", "cond_rows": "2", **rows}
    _doc, revision = draft(web)
    data |= {"cond_value_0": ["lost", "invalid"], "revision": revision}
    response = web.post(
        f"{FORM}/edit/update_field",
        data=data,
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 200
    assert title_condition(web) == {
        "any": [
            {"field": "stage", "op": "in", "value": ["lost", "invalid"]},
            {"field": "company_size", "op": "gt", "value": 100},
        ]
    }
    html = response.get_data(as_text=True)
    assert re.search(r'name="cond_value_0" value="lost" checked', html)
    assert re.search(r'id="cond-value-1" type="number"[^>]*value="100"', html)

    # «is empty» takes no value; a missing value is named beside its row
    response = edit(
        web,
        "update_field",
        token,
        key="title",
        label_zh="职位",
        cond_rows="2",
        cond_mode="all",
        cond_field_0="stage",
        cond_prev_0="stage",
        cond_op_0="is_empty",
        cond_field_1="company_size",
        cond_prev_1="company_size",
        cond_op_1="gt",
    )
    assert title_condition(web) == {
        "all": [{"field": "stage", "op": "is_empty"}, {"field": "company_size", "op": "gt"}]
    }
    html = response.get_data(as_text=True)
    assert 'id="cond-value-0"' not in html and 'id="cond-err-1"' in html

    edit(
        web,
        "update_field",
        token,
        key="title",
        label_zh="职位",
        cond_rows="2",
        cond_mode="all",
        cond_field_0="stage",
        cond_prev_0="stage",
        cond_op_0="is_empty",
        cond_field_1="company_size",
        cond_prev_1="company_size",
        cond_op_1="gt",
        cond_action="remove:1",
    )
    assert title_condition(web) == {"field": "stage", "op": "is_empty"}


def test_a_condition_the_rows_cannot_show_is_kept_read_only_until_replaced(web):
    login(web)
    token = csrf_of(web.get(FORM).get_data(as_text=True))
    doc, revision = draft(web)
    nested = {"not": {"any": [{"field": "stage", "op": "eq", "value": "new"}]}}
    for s in doc["forms"][0]["sections"]:
        for f in s["fields"]:
            if f["key"] == "title":
                f["visible_if"] = nested
    with web.engine.begin() as conn:
        publishing.save_draft(conn, "leads", doc, expected_revision=revision)
    response = edit(web, "update_field", token, key="title", label_zh="职务")
    html = response.get_data(as_text=True)
    assert 'id="cond-complex"' in html and 'id="cond-replace"' in html
    assert title_condition(web) == nested  # not silently dropped
    edit(web, "update_field", token, key="title", label_zh="职务", cond_action="replace")
    assert title_condition(web) == {"field": "name", "op": "eq"}
