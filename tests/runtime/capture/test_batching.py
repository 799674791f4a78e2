"""An import batch inserts its new records together, yet dedup still sees the rows before
each one — in the table and earlier in the same batch — and records keep the file's order."""

from __future__ import annotations

from tessera.runtime.capture.batching import BatchWriter
from tessera.runtime.capture.dedup import MemoryIndex
from tessera.runtime.store.records import RecordStore


def test_a_row_matching_an_earlier_row_of_the_same_batch_merges_into_it(leads):
    leads.client.post(f"/f/{leads.link()['slug']}", json={"name": "老客户", "phone": "13700137000"})
    known = leads.landed_in()
    with leads.engine.begin() as conn:
        form = leads.form()
        index = MemoryIndex.load(conn, form, form.spec.dedup)
        writer = BatchWriter(RecordStore(conn, form), index=index, origin={"via": "import"})
        kinds = [
            writer.save({"name": "张三", "phone": "+8613800138000"}),
            writer.save({"name": "李四", "phone": "+8613900139000"}),
            writer.save({"name": "张三", "phone": "+8613800138000", "email": "zs@corp.cn"}),
            writer.save({"name": "老客户", "phone": "+8613700137000", "title": "经理"}),
            writer.save({"name": "王五", "phone": "+8613600136000"}),
        ]
        writer.flush()
        assert writer.pending == []
    assert kinds == ["created", "created", "merged", "merged", "created"]
    rows = leads.rows()
    assert [r["name"] for r in rows] == ["老客户", "张三", "李四", "王五"]
    assert rows[0]["id"] == known and rows[0]["title"] == "经理"
    assert rows[1]["email"] == "zs@corp.cn"
    assert all(r["score"] is not None and r["grade"] for r in rows)
    with leads.engine.connect() as conn:
        store = RecordStore(conn, leads.form())
        kinds = sorted(e["kind"] for e in store.timeline(rows[1]["id"]))
        assert kinds[:2] == ["created", "merged"]
        assert [e["kind"] for e in store.timeline(rows[3]["id"])] == ["created"]
