"""Conditions in the runtime: compile_sql over stored records agrees with the Python predicate
(the env says when now is), and publish refuses a visibility condition the page cannot evaluate."""

import datetime as dt

import pytest
import sqlalchemy as sa

from tessera.builder import InvalidDocument
from tessera.conditions import ConditionError, EvalEnv, compile_predicate
from tessera.runtime import clock, publishing
from tessera.runtime.catalog import AppCatalog
from tessera.runtime.condition_env import compile_sql
from tessera.runtime.forms.values import clean_values
from tessera.runtime.store import RecordStore
from tessera.widgets import WidgetContext

NOW = dt.datetime(2026, 11, 23, 4, 0, tzinfo=dt.UTC)

APP = {
    "version": 1,
    "key": "t",
    "label": {"zh-CN": "测试", "en": "Test"},
    "forms": [
        {
            "key": "lead",
            "label": {"zh-CN": "线索", "en": "Lead"},
            "sections": [
                {
                    "key": "main",
                    "columns": 1,
                    "fields": [
                        {"key": "name", "type": "text", "label": {"zh-CN": "姓名", "en": "Name"}},
                        {"key": "size", "type": "number", "label": {"zh-CN": "规模", "en": "Size"}},
                        {"key": "seen", "type": "date", "label": {"zh-CN": "日期", "en": "Seen"}},
                        {
                            "key": "kind",
                            "type": "select",
                            "label": {"zh-CN": "类型", "en": "Kind"},
                            "config": {
                                "options": [
                                    {"key": "a", "label": {"en": "A"}},
                                    {"key": "b", "label": {"en": "B"}},
                                ]
                            },
                        },
                    ],
                }
            ],
        }
    ],
}

ROWS = [
    {"name": "销售总监 张伟", "size": 800, "seen": "2026-11-20", "kind": "a"},
    {"name": "采购经理", "size": 120, "seen": "2026-08-01", "kind": "b"},
    {"name": "CTO", "size": None, "seen": None, "kind": None},
    {"name": None, "size": 500, "seen": "2026-11-23", "kind": "a"},
]

CONDITIONS = [
    {"field": "size", "op": "gt", "value": 500},
    {"field": "size", "op": "between", "value": [100, 500]},
    {"field": "name", "op": "contains", "value": "总监"},
    {"field": "name", "op": "contains_any", "value": ["经理", "cto"]},
    {"field": "name", "op": "starts_with", "value": "销售"},
    {"field": "kind", "op": "in", "value": ["a"]},
    {"field": "kind", "op": "not_in", "value": ["a"]},
    {"field": "seen", "op": "before", "value": "2026-11-01"},
    {"field": "seen", "op": "after", "value": "2026-11-21"},
    {"field": "seen", "op": "within_last_days", "value": 7},
    {"field": "seen", "op": "more_than_days_ago", "value": 30},
    {"field": "seen", "op": "is_empty"},
    {
        "any": [
            {"field": "size", "op": "ge", "value": 800},
            {"not": {"field": "kind", "op": "is_not_empty"}},
        ]
    },
    {
        "all": [
            {"field": "kind", "op": "eq", "value": "a"},
            {"field": "size", "op": "le", "value": 500},
        ]
    },
]


@pytest.fixture
def stored(engine):
    with engine.begin() as conn:
        publishing.create_app(conn, APP)
        publishing.publish(conn, "t")
    catalog = AppCatalog()
    with clock.frozen_at(NOW), engine.begin() as conn:
        form = catalog.get(conn, "t").form("lead")
        store = RecordStore(conn, form)
        for row in ROWS:
            store.create(clean_values(form, row, WidgetContext()))
    with engine.connect() as conn:
        yield conn, form


@pytest.mark.parametrize("cond", CONDITIONS, ids=[str(i) for i in range(len(CONDITIONS))])
def test_python_and_sql_agree(stored, cond):
    conn, form = stored
    ctx = WidgetContext()
    with clock.frozen_at(NOW):
        in_sql = set(
            conn.execute(sa.select(form.table.c.id).where(compile_sql(cond, form, ctx))).scalars()
        )
        predicate = compile_predicate(cond)
        values = {}
        for record in RecordStore(conn, form).list(per_page=100)[0]:
            values[record.id] = predicate(record.values, EvalEnv(now=NOW))
    in_python = {rid for rid, hit in values.items() if hit}
    assert in_python == in_sql
    assert 0 < len(in_sql) < len(ROWS), "each sample condition splits the rows"


def test_unknown_operator_is_a_condition_error():
    with pytest.raises(ConditionError, match="not an operator"):
        compile_predicate({"field": "x", "op": "telepathy", "value": 1})


def test_publish_refuses_a_visibility_condition_the_page_cannot_evaluate(sqlite_engine):
    doc = {**APP, "forms": [dict(APP["forms"][0])]}
    doc["forms"][0]["sections"] = [
        {
            "key": "main",
            "columns": 1,
            "fields": [
                {"key": "owner", "type": "user", "label": {"en": "Owner"}},
                {
                    "key": "note",
                    "type": "text",
                    "label": {"en": "Note"},
                    "visible_if": {"field": "owner", "op": "is_me"},
                },
            ],
        }
    ]
    with sqlite_engine.begin() as conn:
        publishing.create_app(conn, APP)
        publishing.save_draft(conn, "t", doc, expected_revision=1)  # drafts may be unfinished
        with pytest.raises(InvalidDocument) as exc:
            publishing.publish(conn, "t")
        with pytest.raises(InvalidDocument):
            publishing.create_app(conn, {**doc, "key": "t2"})
    (error,) = exc.value.errors
    assert error.path == "/forms/0/sections/0/fields/1/visible_if/op"
    assert error.code == "not_in_page" and "«is_me»" in error.message
