"""The contract every registered widget keeps: it round-trips a value, refuses hostile input
with a message, renders escaped HTML, and declares a valid config schema and operator set."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, NamedTuple

import jsonschema
import pytest
import sqlalchemy as sa
from wtforms import Form

from tessera.widgets import CONDITION_TYPES, FieldError, WidgetContext, widget_registry
from tests.widgets.support import ANN, FakeLookups

OPTIONS = {
    "options": [
        {"key": "finance", "label": {"zh-CN": "金融", "en": "Finance"}},
        {"key": "education", "label": {"zh-CN": "教育", "en": "Education"}},
        {"key": "markup", "label": {"zh-CN": "<b>x</b>", "en": "<b>x</b>"}},
    ]
}
STAGES = {
    "options": [
        {"key": "new", "label": {"zh-CN": "新线索"}},
        {"key": "won", "label": {"zh-CN": "<b>x</b> 赢单"}, "meaning": "won"},
        {"key": "lost", "label": {"zh-CN": "输单"}, "meaning": "lost"},
    ]
}


class Sample(NamedTuple):
    config: dict
    raw: Any  # user input
    expected: Any  # the normalized value
    record: dict | None = None  # the record being saved (formula reads it)
    markup: Any = None  # a stored value whose display would carry "<b>x</b>"


SAMPLES: dict[str, Sample] = {
    "text": Sample({}, "  销售总监 ", "销售总监", markup="<b>x</b>"),
    "textarea": Sample({}, "第一行\r\n第二行", "第一行\n第二行", markup="<b>x</b>\n<script>"),
    "number": Sample({"decimals": 1}, "1,200.44", 1200.4),
    "money": Sample({"currency": "CNY"}, "¥500,000", Decimal("500000.00")),
    "email": Sample({}, "Ann@Example.COM", "Ann@example.com"),
    "phone": Sample({}, "138 0013 8000", "+8613800138000"),
    "url": Sample(
        {}, "example.com/a", "https://example.com/a", markup="https://example.com/<b>x</b>"
    ),
    "select": Sample(OPTIONS, "金融", "finance", markup="markup"),
    "multiselect": Sample(OPTIONS, "教育、金融", ["finance", "education"], markup=["markup"]),
    "checkbox": Sample({}, "on", True),
    "date": Sample({}, "2026年11月23日", dt.date(2026, 11, 23)),
    "datetime": Sample({}, "2026-11-23 10:00", dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.UTC)),
    "region": Sample({"level": "city"}, "杭州", "330100"),
    "user": Sample({}, "ann@example.com", 7, markup=8),
    "stage": Sample(STAGES, "输单", "lost", markup="won"),
    "link": Sample({"form": "customer"}, "3", 3, markup=9),
    "rating": Sample({"max": 5}, "★★★", 3),
    "tags": Sample({}, "VIP, 展会；vip", ["VIP", "展会"], markup=["<b>x</b>"]),
    "score": Sample({}, "85", 85),
    "formula": Sample({"expression": "est_amount * 0.1"}, None, 500.0, record={"est_amount": 5000}),
}

WIDGETS = widget_registry.all()


def context(sample: Sample, locale: str = "zh_CN") -> WidgetContext:
    # User 8 exists only to carry a name with markup.
    lookups = FakeLookups(users=(ANN, {"id": 8, "email": "b@example.com", "name": "<b>x</b>"}))
    if sample.markup == 9:
        lookups.record_title = lambda form, record_id: "<b>x</b>"
    return WidgetContext(locale=locale, lookups=lookups, record=dict(sample.record or {}))


def sample_of(widget) -> Sample:
    assert widget.type in SAMPLES, f"add a sample for widget {widget.type!r} to SAMPLES"
    return SAMPLES[widget.type]


@pytest.mark.parametrize("widget", WIDGETS, ids=lambda w: w.type)
def test_sample_normalizes_validates_and_round_trips(widget):
    sample = sample_of(widget)
    for locale in ("zh_CN", "en"):
        ctx = context(sample, locale)
        value = widget.normalize(sample.raw, config=sample.config, ctx=ctx)
        assert value == sample.expected
        widget.validate(value, config=sample.config, ctx=ctx)
        api = widget.to_json(value, config=sample.config, ctx=ctx)
        assert widget.normalize(api, config=sample.config, ctx=ctx) == value
        form = widget.to_form_data(value, config=sample.config, ctx=ctx)
        assert widget.normalize(form, config=sample.config, ctx=ctx) == value
        assert isinstance(widget.display(value, config=sample.config, ctx=ctx), str)


@pytest.mark.parametrize("widget", [w for w in WIDGETS if not w.recomputes], ids=lambda w: w.type)
def test_empty_input_is_none(widget):
    sample = sample_of(widget)
    for empty in (None, "", "   "):
        assert widget.normalize(empty, config=sample.config, ctx=context(sample)) in (None, False)
    assert widget.normalize(None, config=sample.config, ctx=context(sample)) is None


HOSTILE = [{"$ne": 1}, {"$gt": ""}, object(), b"bytes", 1e400, float("nan")]
SCALAR_HOSTILE = [["a", "b"], [1]]


@pytest.mark.parametrize("widget", WIDGETS, ids=lambda w: w.type)
def test_hostile_input_is_refused_with_a_message(widget):
    sample = sample_of(widget)
    hostile = HOSTILE + ([] if widget.value_type == "list" else SCALAR_HOSTILE)
    for raw in hostile:
        for locale in ("zh_CN", "en"):
            ctx = context(sample, locale)
            if widget.recomputes:
                # A computed value ignores what a user sends: it is recomputed from the record.
                value = widget.normalize(raw, config=sample.config, ctx=ctx)
                assert (
                    value
                    == widget.normalize(None, config=sample.config, ctx=ctx)
                    == sample.expected
                )
                continue
            with pytest.raises(FieldError) as caught:
                widget.normalize(raw, config=sample.config, ctx=ctx)
            assert isinstance(caught.value.message, str) and caught.value.message.strip()


UNSAFE_TEXT = ["\x00", "a\x00b", "\ud800", "名\udfff字"]


@pytest.mark.parametrize("widget", [w for w in WIDGETS if not w.recomputes], ids=lambda w: w.type)
def test_nul_and_lone_surrogates_are_refused_before_anything_else(widget):
    # PostgreSQL cannot store a NUL and no encoder takes a lone surrogate: the widget says so
    # beside the field instead of the database failing (or a lookup running) with it.
    sample = sample_of(widget)
    raws = [*UNSAFE_TEXT, [UNSAFE_TEXT[2]], {"id": "\x00"}]
    if isinstance(sample.raw, str):
        raws += [sample.raw + "\x00", "\ud800" + sample.raw]
    for raw in raws:
        for locale in ("zh_CN", "en"):
            with pytest.raises(FieldError) as caught:
                widget.normalize(raw, config=sample.config, ctx=context(sample, locale))
            assert caught.value.code == "unsafe_text", (raw, caught.value.message)
            assert "\x00" not in caught.value.message and caught.value.message.strip()


@pytest.mark.parametrize("widget", WIDGETS, ids=lambda w: w.type)
def test_display_html_escapes_markup(widget):
    sample = sample_of(widget)
    ctx = context(sample)
    value = sample.markup if sample.markup is not None else sample.expected
    html = widget.display_html(value, config=sample.config, ctx=ctx)
    assert "<b>" not in html and "<script" not in html
    if sample.markup is not None:
        assert "&lt;b&gt;x&lt;/b&gt;" in html or "%3Cb%3E" in html


@pytest.mark.parametrize("widget", WIDGETS, ids=lambda w: w.type)
def test_config_schema_is_valid_and_default_config_passes(widget):
    jsonschema.Draft202012Validator.check_schema(widget.config_schema)
    validator = jsonschema.Draft202012Validator(widget.config_schema)
    validator.validate(widget.default_config())
    validator.validate(sample_of(widget).config)
    assert widget.config_schema.get("additionalProperties") is False
    assert not validator.is_valid({**widget.default_config(), "unknown_setting": 1})


@pytest.mark.parametrize("widget", WIDGETS, ids=lambda w: w.type)
def test_declared_capabilities(widget):
    assert widget.type and type(widget).__name__.endswith("Widget")
    assert widget.kind in ("basic", "choice", "datetime", "contact", "relation", "system")
    assert set(widget.label) == {"zh-CN", "en"} and all(widget.label.values())
    assert widget.condition_type in CONDITION_TYPES
    assert widget.condition_type_for(widget.default_config()) in CONDITION_TYPES
    assert isinstance(widget.sql_type(widget.default_config()), sa.types.TypeEngine)
    assert isinstance(widget.storage_for(widget.default_config()), str)
    assert isinstance(widget.can_be_dimension, bool) and isinstance(widget.can_be_measure, bool)
    assert type(widget).__doc__ and "Example::" in type(widget).__doc__
    if widget.recomputes:
        assert widget.computed


@pytest.mark.parametrize("widget", WIDGETS, ids=lambda w: w.type)
def test_value_schema_accepts_the_api_form(widget):
    sample = sample_of(widget)
    ctx = context(sample)
    schema = widget.value_schema(sample.config)
    jsonschema.Draft202012Validator.check_schema(schema)
    api = widget.to_json(sample.expected, config=sample.config, ctx=ctx)
    jsonschema.validate(api, schema)
    jsonschema.validate(None, schema)


@pytest.mark.parametrize("widget", WIDGETS, ids=lambda w: w.type)
def test_form_field_binds_and_renders(widget):
    sample = sample_of(widget)
    ctx = context(sample)
    unbound = widget.form_field(label="<b>x</b>", config=sample.config, required=True, ctx=ctx)

    class OneField(Form):
        value = unbound

    form = OneField(
        data={"value": widget.to_form_data(sample.expected, config=sample.config, ctx=ctx)}
    )
    rendered = str(form.value())
    assert "<b>" not in str(form.value.label())
    if widget.computed:
        assert "readonly" in rendered
