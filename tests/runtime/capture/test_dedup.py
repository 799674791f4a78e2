"""Duplicates on submission: merge (fill empty fields, keep conflicts on the timeline) or
flag, per the form's policy; field-by-field merge of flagged pairs; undo."""

from __future__ import annotations

import copy

import pytest
import sqlalchemy as sa

from tessera.builder.templates import load_template
from tessera.runtime import publishing
from tessera.runtime.capture.dedup import MemoryIndex, fuzzy_text
from tessera.runtime.capture.merge import merge_pair, undo_merge
from tessera.runtime.store.records import RecordStore
from tessera.runtime.tables import capture_duplicates, capture_merges
from tessera.widgets.matching import EmailMatch


def _post(leads, slug, **fields):
    response = leads.client.post(f"/f/{slug}", json=fields)
    assert response.status_code == 201, response.get_json()
    return leads.landed_in()


def _set_policy(leads, policy):
    doc = copy.deepcopy(load_template("leads"))
    for form in doc["forms"]:
        if form["key"] == "lead":
            form["dedup"]["policy"] = policy
    with leads.engine.begin() as conn:
        _old, revision = publishing.load_draft(conn, "leads")
        publishing.save_draft(conn, "leads", doc, expected_revision=revision)
        publishing.publish(conn, "leads")


def _timeline(leads, record_id):
    with leads.engine.connect() as conn:
        return RecordStore(conn, leads.form()).timeline(record_id)


def test_the_same_phone_written_differently_merges(leads):
    slug = leads.link()["slug"]
    first = _post(leads, slug, name="张三", phone="13800138000")
    second = _post(leads, slug, name="张三", phone="+86 138-0013-8000", email="zs@example.com")
    assert first == second
    (lead,) = leads.rows()
    assert lead["email"] == "zs@example.com"  # an empty field filled
    merged = [a for a in _timeline(leads, first) if a["kind"] == "merged"]
    assert merged[0]["payload"]["matched_on"] == "phone"


def test_merge_never_overwrites_but_keeps_the_other_value_on_the_timeline(leads):
    slug = leads.link()["slug"]
    first = _post(leads, slug, name="张三", phone="13800138000", company="甲公司")
    _post(leads, slug, name="张三", phone="13800138000", company="乙公司")
    (lead,) = leads.rows()
    assert lead["company"] == "甲公司"
    merged = [a for a in _timeline(leads, first) if a["kind"] == "merged"][0]
    assert merged["payload"]["conflicts"]["company"] == ["甲公司", "乙公司"]


def test_email_case_and_fuzzy_company_with_name_match(leads):
    slug = leads.link()["slug"]
    a = _post(leads, slug, name="李四", email="Li.Si@Example.com")
    assert _post(leads, slug, name="李四x", email="li.si@example.com") == a
    b = _post(leads, slug, name="王五", company="上海示例科技有限公司")
    assert _post(leads, slug, name="王五", company="上海示例科技") == b
    c = _post(leads, slug, name="赵六", company="北京另一家公司")
    assert c not in (a, b) and len(leads.rows()) == 3


def test_flag_policy_creates_and_flags_then_merge_and_undo(leads):
    _set_policy(leads, "flag")
    slug = leads.link()["slug"]
    first = _post(leads, slug, name="张三", phone="13800138000", company="甲公司")
    second = _post(leads, slug, name="张三", phone="+86 138-0013-8000", title="采购经理")
    assert first != second and len(leads.rows()) == 2
    with leads.engine.connect() as conn:
        pair = conn.execute(sa.select(capture_duplicates)).one()
    assert (pair.record_id, pair.candidate_id, pair.status) == (second, first, "open")
    assert any(a["kind"] == "duplicate_flagged" for a in _timeline(leads, first))

    with leads.engine.begin() as conn:
        store = RecordStore(conn, leads.form(), actor_id=leads.admin_id)
        merge_id = merge_pair(store, pair.id, {"title": "record", "company": "candidate"})
    (survivor,) = leads.rows()
    assert survivor["id"] == first and survivor["title"] == "采购经理"
    assert survivor["company"] == "甲公司"
    for record_id in (first, second):
        assert any(a["kind"] == "merged" for a in _timeline(leads, record_id))

    with leads.engine.begin() as conn:
        store = RecordStore(conn, leads.form(), actor_id=leads.admin_id)
        assert undo_merge(store, merge_id) == second
    rows = {r["id"]: r for r in leads.rows()}
    assert set(rows) == {first, second} and rows[first]["title"] is None
    with leads.engine.connect() as conn:
        assert conn.execute(sa.select(capture_duplicates.c.status)).scalar_one() == "open"
        assert conn.execute(sa.select(capture_merges.c.undone_at)).scalar_one() is not None
    assert any(a["kind"] == "merge_undone" for a in _timeline(leads, second))


def test_undo_of_an_automatic_merge_brings_the_submission_back_as_its_own_record(leads):
    slug = leads.link()["slug"]
    first = _post(leads, slug, name="张三", phone="13800138000")
    _post(leads, slug, name="张三丰", phone="13800138000", email="zsf@example.com")
    with leads.engine.connect() as conn:
        merge_id = conn.execute(sa.select(capture_merges.c.id)).scalar_one()
    with leads.engine.begin() as conn:
        restored = undo_merge(RecordStore(conn, leads.form()), merge_id)
    rows = {r["id"]: r for r in leads.rows()}
    assert rows[first]["email"] is None
    assert rows[restored]["name"] == "张三丰" and rows[restored]["email"] == "zsf@example.com"


@pytest.mark.parametrize(
    ("a", "b"),
    [("John.Smith+crm@gmail.com", "johnsmith@googlemail.com"), ("A@Example.COM", "a@example.com")],
)
def test_canonical_email(a, b):
    assert EmailMatch().key(a) == EmailMatch().key(b)


def test_fuzzy_text_drops_company_suffixes_and_punctuation():
    assert fuzzy_text("上海 示例科技 有限公司") == fuzzy_text("上海示例科技")
    assert fuzzy_text("Acme Co., Ltd.") == fuzzy_text("ACME")


def test_memory_index_matches_like_the_table(leads):
    slug = leads.link()["slug"]
    first = _post(leads, slug, name="张三", phone="13800138000", company="甲公司")
    form = leads.form()
    with leads.engine.connect() as conn:
        index = MemoryIndex.load(conn, form, form.spec.dedup)
    assert index.find({"phone": "+8613800138000"}).record_id == first
    assert index.find({"name": "张三", "company": "甲公司"}).record_id == first
    assert index.find({"name": "李四", "company": "甲公司"}) is None
