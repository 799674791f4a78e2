"""Publishing deploys real tables; a publish never loses data (SQLite and PostgreSQL)."""

import pytest
import sqlalchemy as sa

from tessera.runtime import publishing
from tessera.runtime.catalog import AppCatalog
from tessera.runtime.forms.values import clean_values
from tessera.runtime.store import RecordStore, SchemaChangeRefused
from tessera.widgets import WidgetContext
from tests.runtime.sample_app import contact_fields, sample_app


def _publish(engine, doc, *, create=False):
    with engine.begin() as conn:
        if create:
            publishing.create_app(conn, doc)
        else:
            _, rev = publishing.load_draft(conn, doc["key"])
            publishing.save_draft(conn, doc["key"], doc, expected_revision=rev)
        return publishing.publish(conn, doc["key"], note="test")


def _add_contact(engine, catalog, **raw):
    with engine.begin() as conn:
        form = catalog.get(conn, "crm").form("contact")
        values = clean_values(form, raw, WidgetContext())
        return RecordStore(conn, form).create(values)


def _columns(engine, table="r_crm__contact"):
    return {c["name"] for c in sa.inspect(engine).get_columns(table)}


def test_publish_creates_one_table_per_form_with_a_column_per_field(engine):
    assert _publish(engine, sample_app(), create=True) == 1
    assert {"id", "created_at", "name", "phone", "size", "kind", "why"} <= _columns(engine)
    assert "body" in _columns(engine, "r_crm__note")


def test_added_field_adds_a_column_and_keeps_rows(engine):
    catalog = AppCatalog()
    doc = sample_app()
    _publish(engine, doc, create=True)
    record_id = _add_contact(engine, catalog, name="张三", phone="138 0013 8000")
    contact_fields(doc).append(
        {"key": "city_note", "type": "text", "label": {"zh-CN": "城市", "en": "City"}}
    )
    assert _publish(engine, doc) == 2
    assert "city_note" in _columns(engine)
    with engine.connect() as conn:
        record = RecordStore(conn, catalog.get(conn, "crm").form("contact")).get(record_id)
    assert record.values["name"] == "张三"
    assert record.values["phone"] == "+8613800138000"
    assert record.values["city_note"] is None


def test_removing_then_restoring_a_field_brings_the_values_back(engine):
    catalog = AppCatalog()
    doc = sample_app()
    _publish(engine, doc, create=True)
    record_id = _add_contact(engine, catalog, name="李四", size="800")
    without = sample_app()
    contact_fields(without)[:] = [f for f in contact_fields(without) if f["key"] != "size"]
    without["forms"][0]["list_fields"].remove("size")
    with engine.begin() as conn:
        _, rev = publishing.load_draft(conn, "crm")
        publishing.save_draft(conn, "crm", without, expected_revision=rev)
        plan = publishing.preview_publish(conn, "crm")
    archived = [c for c in plan.changes if c.kind == "archive_field"]
    assert [(c.field, c.values_held) for c in archived] == [("size", 1)]
    assert "1 values will be archived" in archived[0].describe("en")
    with engine.begin() as conn:
        publishing.publish(conn, "crm")
    assert "size" in _columns(engine), "archiving must keep the column and its data"
    with engine.connect() as conn:
        form = catalog.get(conn, "crm").form("contact")
        assert not form.spec.has_field("size")
        assert "size" not in RecordStore(conn, form).get(record_id).values
    _publish(engine, sample_app())
    with engine.connect() as conn:
        record = RecordStore(conn, catalog.get(conn, "crm").form("contact")).get(record_id)
    assert record.values["size"] == 800


def test_incompatible_type_change_is_refused_and_nothing_changes(engine):
    doc = sample_app()
    _publish(engine, doc, create=True)
    _add_contact(engine, AppCatalog(), name="王五", size="12")
    changed = sample_app()
    contact_fields(changed)[2] = {
        "key": "size",
        "type": "date",
        "label": {"zh-CN": "规模", "en": "Size"},
    }
    contact_fields(changed).append(
        {"key": "extra", "type": "text", "label": {"zh-CN": "附加", "en": "Extra"}}
    )
    with engine.begin() as conn:
        _, rev = publishing.load_draft(conn, "crm")
        publishing.save_draft(conn, "crm", changed, expected_revision=rev)
    with pytest.raises(SchemaChangeRefused) as refused, engine.begin() as conn:
        publishing.publish(conn, "crm")
    assert (
        "size" in str(refused.value)
        and "number" in str(refused.value)
        and "date" in str(refused.value)
    )
    assert "extra" not in _columns(engine), "a refused publish must write nothing"
    with engine.connect() as conn:
        assert [v["number"] for v in publishing.list_versions(conn, "crm")] == [1]


def test_compatible_type_change_is_allowed(engine):
    _publish(engine, sample_app(), create=True)
    changed = sample_app()
    contact_fields(changed)[0]["type"] = "textarea"
    assert _publish(engine, changed) == 2


def test_second_save_of_a_stale_draft_is_a_conflict(engine):
    with engine.begin() as conn:
        publishing.create_app(conn, sample_app())
        _, rev = publishing.load_draft(conn, "crm")
        publishing.save_draft(conn, "crm", sample_app(), expected_revision=rev)
        with pytest.raises(publishing.DraftConflict):
            publishing.save_draft(conn, "crm", sample_app(), expected_revision=rev)


@pytest.mark.parametrize("posted", [-1, 2**31 - 1, 2**40])
def test_a_revision_no_draft_ever_had_is_a_conflict_not_an_overflow(engine, posted):
    with engine.begin() as conn:
        publishing.create_app(conn, sample_app())
        _, rev = publishing.load_draft(conn, "crm")
        with pytest.raises(publishing.DraftConflict) as conflict:
            publishing.save_draft(conn, "crm", sample_app(), expected_revision=posted)
        assert conflict.value.current_revision == rev
