"""Lists stay fast on large forms: publishing indexes what lists filter and sort on, keeps
those indexes in step with the form and its views, an upgrade adds them to older databases,
and a page read through a sort index shows exactly the rows and order a full sort would."""

from __future__ import annotations

import copy
import random

import sqlalchemy as sa

from tessera.builder.templates import load_template
from tessera.runtime import clock, publishing
from tessera.runtime.catalog import AppCatalog
from tessera.runtime.collation import pinyin_key, text_order
from tessera.runtime.migrate import upgrade
from tessera.runtime.store import RecordStore
from tessera.runtime.store.indexes import existing_indexes

TABLE = "r_leads__lead"
FILTERED = ("stage", "industry", "source", "lost_reason", "lifecycle", "grade", "owner")


def _publish(engine, doc, *, create=False):
    with engine.begin() as conn:
        if create:
            publishing.create_app(conn, doc)
        else:
            _, rev = publishing.load_draft(conn, doc["key"])
            publishing.save_draft(conn, doc["key"], doc, expected_revision=rev)
        publishing.publish(conn, doc["key"], note="test")


def _list_indexes(engine):
    with engine.connect() as conn:
        return existing_indexes(conn, TABLE, "li_")


def test_publish_indexes_choice_and_user_fields_the_title_and_what_views_sort_on(engine):
    _publish(engine, load_template("leads"), create=True)
    assert _list_indexes(engine) == {
        *(f"li_{TABLE}__{key}" for key in FILTERED),
        f"li_{TABLE}__name__sort",  # the title field, in pinyin order
        f"li_{TABLE}__score__sort",  # the «公海» and «A 级未联系» views sort by score
    }


def test_republish_follows_the_views_and_keeps_every_row(engine):
    doc = load_template("leads")
    _publish(engine, doc, create=True)
    with engine.begin() as conn:
        form = AppCatalog().get(conn, "leads").form("lead")
        RecordStore(conn, form).create({"name": "张三", "company_size": 800})
    changed = copy.deepcopy(doc)
    for view in changed["views"]["lead"]:
        view["sort"] = [{"field": "company_size", "desc": True}]
    _publish(engine, changed)
    indexes = _list_indexes(engine)
    assert f"li_{TABLE}__company_size__sort" in indexes
    assert f"li_{TABLE}__score__sort" not in indexes
    with engine.connect() as conn:
        rows = conn.execute(sa.text(f"SELECT name, company_size FROM {TABLE}")).all()
    assert [tuple(r) for r in rows] == [("张三", 800)]


def test_an_upgrade_adds_the_indexes_a_database_made_without_them_lacks(engine):
    _publish(engine, load_template("leads"), create=True)
    with engine.begin() as conn:
        for name in _list_indexes(engine):
            conn.exec_driver_sql(f'DROP INDEX "{name}"')
    assert _list_indexes(engine) == set()
    upgrade(engine)
    assert f"li_{TABLE}__name__sort" in _list_indexes(engine)


def _fill(engine, n):
    rng = random.Random(7)
    surnames, given = "张王李赵刘陈杨黄吴周", ["伟", "娜", "强", "敏", "静", "磊", "Amy", "Bob"]
    now = clock.now()
    with engine.begin() as conn:
        form = AppCatalog().get(conn, "leads").form("lead")
        rows = [
            {
                "created_at": now,
                "updated_at": now,
                "name": rng.choice(surnames) + rng.choice(given),
                "stage": rng.choice(["new", "contacted"]),
                "score": rng.randrange(5),
            }
            for _ in range(n)
        ]
        conn.execute(form.table.insert(), rows)
        conn.exec_driver_sql("ANALYZE")


def test_a_page_read_in_index_order_is_the_page_a_full_sort_gives(engine):
    _publish(engine, load_template("leads"), create=True)
    _fill(engine, 600)
    with engine.connect() as conn:
        form = AppCatalog().get(conn, "leads").form("lead")
        store = RecordStore(conn, form)
        t = form.table
        every = conn.execute(  # every match, sorted whole (no LIMIT to walk an index for)
            sa.select(t.c.id, t.c.name)
            .where(t.c.stage == "new")
            .order_by(text_order(t.c.name, conn.dialect.name), t.c.id)
        ).all()
        if conn.dialect.name == "sqlite":
            assert every == sorted(every, key=lambda r: (pinyin_key(r.name), r.id))
        for desc in (False, True):
            want = every[::-1] if desc else every
            for page in (1, 3):
                records, total = store.list(
                    where=form.table.c.stage == "new", sort=[("name", desc)], page=page
                )
                assert total == len(every)
                expected = want[(page - 1) * 50 : page * 50]
                assert [r.id for r in records] == [r.id for r in expected]


def test_sqlite_walks_the_name_index_instead_of_sorting_every_match(sqlite_engine):
    _publish(sqlite_engine, load_template("leads"), create=True)
    _fill(sqlite_engine, 600)
    statements = []
    with sqlite_engine.connect() as conn:
        form = AppCatalog().get(conn, "leads").form("lead")
        sa.event.listen(
            conn,
            "before_cursor_execute",
            lambda c, cur, sql, params, *a: statements.append((sql, params)),
        )
        RecordStore(conn, form).list(where=form.table.c.stage == "new", sort=[("name", False)])
        sql, params = statements[-1]
        plan = " ".join(r[-1] for r in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql, params))
    assert f"li_{TABLE}__name__sort" in plan and "TEMP B-TREE" not in plan, plan
