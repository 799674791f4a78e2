"""Publishing indexes every field a form's dedup policy matches on, and dedup lookups use
those indexes (SQLite and PostgreSQL); republishing keeps them in step without touching data."""

from __future__ import annotations

import copy

import sqlalchemy as sa

from tessera.builder.templates import load_template
from tessera.runtime import clock, publishing
from tessera.runtime.capture.dedup import SqlIndex
from tessera.runtime.catalog import AppCatalog
from tessera.runtime.store import RecordStore
from tessera.runtime.store.indexes import existing_indexes, index_name_for

TABLE = "r_leads__lead"
ALL = {f"dd_{TABLE}__{key}" for key in ("phone", "email", "company", "name")}


def _publish(engine, doc, *, create=False):
    with engine.begin() as conn:
        if create:
            publishing.create_app(conn, doc)
        else:
            _, rev = publishing.load_draft(conn, doc["key"])
            publishing.save_draft(conn, doc["key"], doc, expected_revision=rev)
        publishing.publish(conn, doc["key"], note="test")


def _indexes(engine):
    with engine.connect() as conn:
        return existing_indexes(conn, TABLE)


def _with_match(doc, match):
    doc = copy.deepcopy(doc)
    for form in doc["forms"]:
        if form["key"] == "lead":
            form["dedup"]["match"] = match
    return doc


def test_publish_creates_one_index_per_matched_field(engine):
    _publish(engine, load_template("leads"), create=True)
    assert _indexes(engine) == ALL


def test_dedup_lookups_use_the_indexes(engine):
    _publish(engine, load_template("leads"), create=True)
    statements = []

    def remember(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append((statement, parameters))

    with engine.begin() as conn:
        form = AppCatalog().get(conn, "leads").form("lead")
        RecordStore(conn, form).create({"name": "王五", "phone": "+8613900000001"})
        now = clock.now()  # enough rows that a planner weighs indexes as on a real table
        filler = [
            {
                "created_at": now,
                "updated_at": now,
                "name": f"客户{n}",
                "stage": "new",
                "phone": f"+86139{n:08d}",
                "email": f"c{n}@corp.cn",
                "company": f"公司{n}",
            }
            for n in range(2, 500)
        ]
        conn.execute(form.table.insert(), filler)
        conn.exec_driver_sql("ANALYZE")
        index = SqlIndex(conn, form, form.spec.dedup)
        sa.event.listen(conn, "before_cursor_execute", remember)
        for values in (
            {"phone": "+8613800138000"},
            {"email": "zs@corp.cn"},
            {"name": "张三", "company": "上海机床"},
        ):
            assert index.find(values) is None
        sa.event.remove(conn, "before_cursor_execute", remember)
        if conn.dialect.name == "sqlite":
            prefix = "EXPLAIN QUERY PLAN "
        else:  # on a tiny table PostgreSQL would rather scan; ask whether it can use the index
            conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
            prefix = "EXPLAIN "
        plans = []
        for statement, parameters in statements:
            rows = conn.exec_driver_sql(prefix + statement, parameters).all()
            plans.append(" ".join(str(cell) for row in rows for cell in row))
    assert len(plans) == 3
    for plan, key in zip(plans, ("phone", "email", "name"), strict=True):
        assert index_name_for(TABLE, key) in plan, plan


def test_republish_keeps_indexes_in_step_and_data_intact(engine):
    doc = load_template("leads")
    _publish(engine, doc, create=True)
    with engine.begin() as conn:
        form = AppCatalog().get(conn, "leads").form("lead")
        RecordStore(conn, form).create({"name": "张三", "email": "zs@corp.cn"})
    _publish(engine, _with_match(doc, ["phone"]))
    assert _indexes(engine) == {f"dd_{TABLE}__phone"}
    _publish(engine, _with_match(doc, ["phone", "email", "company", "name"]))
    assert _indexes(engine) == ALL
    with engine.connect() as conn:
        rows = conn.execute(sa.text(f"SELECT name, email FROM {TABLE}")).all()
    assert [tuple(r) for r in rows] == [("张三", "zs@corp.cn")]


def test_long_names_are_shortened_deterministically():
    name = index_name_for("r_" + "a" * 60, "phone")
    assert len(name) <= 63 and name.startswith("dd_")
    assert name == index_name_for("r_" + "a" * 60, "phone")
    assert name != index_name_for("r_" + "a" * 60, "email")
