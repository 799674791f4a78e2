"""The side table that serves picker searches on PostgreSQL (``store/search_index.py``): made
at publish for the form's search fields, kept by its trigger, rebuilt when they change; none
on SQLite."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from tessera.builder.templates import load_template
from tessera.runtime import publishing
from tessera.runtime.catalog import AppCatalog
from tessera.runtime.database import make_engine
from tessera.runtime.forms.search import quick_search
from tessera.runtime.lookups import widget_context
from tessera.runtime.store.records import RecordStore
from tessera.runtime.store.search_index import index_name, side_matches

SIDE = "sx_r_leads__lead"


def lead_form(conn):
    return AppCatalog().get(conn, "leads").form("lead")


def side_rows(conn) -> dict:
    rows = conn.execute(sa.text(f"SELECT * FROM {SIDE} ORDER BY id"))
    return {r.id: dict(r._mapping) for r in rows}


def test_sqlite_has_no_side_table(sqlite_db_url):
    engine = make_engine(sqlite_db_url)
    try:
        with engine.begin() as conn:
            publishing.create_app(conn, load_template("leads"))
            publishing.publish(conn, "leads")
            assert SIDE not in sa.inspect(conn).get_table_names()
            form = lead_form(conn)
            ctx = widget_context(conn, AppCatalog().get(conn, "leads"), locale="en", timezone="UTC")
            where = quick_search(form, "星辰科技", ctx, form.spec.search_fields)
            assert side_matches(conn, form.table, where, "星辰科技") is None
    finally:
        engine.dispose()


@pytest.mark.pg
def test_the_side_table_mirrors_the_search_fields_through_its_trigger(pg_db_url):
    engine = make_engine(pg_db_url)
    try:
        with engine.begin() as conn:
            publishing.create_app(conn, load_template("leads"))
            publishing.publish(conn, "leads")
            form = lead_form(conn)
            store = RecordStore(conn, form)
            first = store.create({"name": "张伟", "company": "星辰科技", "phone": "+8613800138000"})
            second = store.create({"name": "李娜", "title": "经理"})
            assert side_rows(conn) == {
                first: {
                    "id": first,
                    "name": "张伟",
                    "company": "星辰科技",
                    "phone": "+8613800138000",
                },
                second: {"id": second, "name": "李娜", "company": None, "phone": None},
            }
            store.update(first, {"company": "云杉科技", "stage": "contacted"})
            assert side_rows(conn)[first]["company"] == "云杉科技"
            conn.execute(form.table.delete().where(form.table.c.id == second))
            assert list(side_rows(conn)) == [first]
            ctx = widget_context(conn, AppCatalog().get(conn, "leads"), locale="en", timezone="UTC")
            where = quick_search(form, "云杉科", ctx, form.spec.search_fields)
            matches = side_matches(conn, form.table, where, "云杉科")
            assert [i for (i,) in conn.execute(sa.select(matches.c.id))] == [first]
            assert side_matches(conn, form.table, where, "云杉") is None  # 2 characters
            assert [r.id for r in store.search(where, text="云杉科")] == [first]
    finally:
        engine.dispose()


@pytest.mark.pg
def test_a_publish_that_changes_the_search_fields_rebuilds_it_with_the_rows(pg_db_url):
    engine = make_engine(pg_db_url)
    try:
        with engine.begin() as conn:
            publishing.create_app(conn, load_template("leads"))
            publishing.publish(conn, "leads")
            record = RecordStore(conn, lead_form(conn)).create({"name": "张伟", "email": "zw@x.cn"})
            doc, revision = publishing.load_draft(conn, "leads")
            doc["forms"][0]["list_fields"] = ["name", "email", "stage"]
            publishing.save_draft(conn, "leads", doc, expected_revision=revision)
            publishing.publish(conn, "leads")
            assert side_rows(conn) == {record: {"id": record, "name": "张伟", "email": "zw@x.cn"}}
            index_names = {i["name"] for i in sa.inspect(conn).get_indexes(SIDE)}
            assert index_names == {f"{SIDE}__name", f"{SIDE}__email"}
    finally:
        engine.dispose()


def test_long_names_are_shortened_with_a_hash():
    name = index_name("r_" + "a" * 30 + "__" + "b" * 31, "__" + "c" * 40)
    assert len(name) == 63 and name.startswith("sx_r_aaa")
    assert index_name("r_leads__lead", "_fn") == "sx_r_leads__lead_fn"


@pytest.mark.pg
@pytest.mark.parametrize("text", ["星辰科", "云杉科", "不存在"])
def test_the_index_and_the_newest_records_give_the_same_answer(pg_db_url, monkeypatch, text):
    monkeypatch.setattr("tessera.runtime.store.records.SEARCH_WINDOW", 5)
    engine = make_engine(pg_db_url)
    try:
        with engine.begin() as conn:
            publishing.create_app(conn, load_template("leads"))
            publishing.publish(conn, "leads")
            form = lead_form(conn)
            store = RecordStore(conn, form)
            # 云杉 only among the oldest (the index must find it), 星辰 everywhere (the newest
            # five records hold three of its matches), one deleted match.
            for i in range(30):
                company = "云杉科技" if i < 3 else ("星辰科技" if i % 2 else "其他公司")
                store.create({"name": f"联系人{i}", "company": company})
            store.delete(2)
            ctx = widget_context(conn, AppCatalog().get(conn, "leads"), locale="en", timezone="UTC")
            where = quick_search(form, text, ctx, form.spec.search_fields)
            fast = [r.id for r in store.search(where, text=text, limit=4)]
            plain = [r.id for r in store.search(where, limit=4)]  # no text: no index
            assert fast == plain
            assert fast == {"星辰科": [30, 28, 26, 24], "云杉科": [3, 1], "不存在": []}[text]
    finally:
        engine.dispose()
