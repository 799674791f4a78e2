"""Province and city fields."""

from wtforms import Form

from tessera.widgets import WidgetContext, widget_registry
from tests.widgets.support import invalid, refuse

region = widget_registry.get("region")
PROVINCE = {"level": "province"}
CITY = {"level": "city", "province_field": "province"}


def test_city_by_code_full_or_short_name(ctx):
    for raw in (
        "330100",
        "杭州市",
        "杭州",
        " 杭州 ",
        {"code": "330100"},
        {"code": "330100", "name": "杭州市"},
    ):
        assert region.normalize(raw, config=CITY, ctx=ctx) == "330100"


def test_municipality_is_its_own_city(ctx):
    assert region.normalize("上海", config=CITY, ctx=ctx) == "310100"
    assert region.normalize("上海", config=PROVINCE, ctx=ctx) == "310000"


def test_province_by_name(ctx):
    for raw, code in (
        ("浙江", "330000"),
        ("内蒙古", "150000"),
        ("广西", "450000"),
        ("330000", "330000"),
    ):
        assert region.normalize(raw, config=PROVINCE, ctx=ctx) == code


def test_the_select_label_is_accepted(ctx):
    assert region.normalize("浙江省 / 杭州市", config=CITY, ctx=ctx) == "330100"


def test_unknown_places_are_refused(ctx, en_ctx):
    assert refuse("region", "亚特兰蒂斯", config=CITY, ctx=ctx) == "找不到城市：亚特兰蒂斯"
    assert refuse("region", "杭州", config=PROVINCE, ctx=en_ctx) == "No such province: 杭州"
    assert refuse("region", "<script>", config=PROVINCE, ctx=ctx) == "找不到省份：<script>"


def test_wrong_types_are_refused(ctx, en_ctx):
    assert refuse("region", 330100, config=CITY, ctx=ctx) == "请选择地区"
    assert refuse("region", {"$ne": 1}, config=CITY, ctx=en_ctx) == "Choose a region"
    assert refuse("region", ["330100"], config=CITY, ctx=ctx) == "请选择地区"
    assert refuse("region", "杭" * 1000, config=CITY, ctx=ctx) == "请选择地区"


def test_city_must_lie_in_the_records_province():
    ctx = WidgetContext(record={"province": "320000"})
    assert region.normalize("杭州", config=CITY, ctx=ctx) == "330100"
    assert invalid("region", "330100", config=CITY, ctx=ctx) == "杭州市不属于江苏省"
    en = WidgetContext(locale="en", record={"province": "江苏"})
    assert invalid("region", "330100", config=CITY, ctx=en) == "杭州市 is not in 江苏省"
    region.validate("320100", config=CITY, ctx=ctx)
    region.validate("330100", config=CITY, ctx=WidgetContext(record={"province": None}))


def test_short_city_names_prefer_the_records_province():
    ctx = WidgetContext(record={"province": "220000"})
    assert region.normalize("吉林", config=CITY, ctx=ctx) == "220200"


def test_json_and_display(ctx):
    assert region.to_json("330100", config=CITY, ctx=ctx) == {"code": "330100", "name": "杭州市"}
    assert region.display("330100", config=CITY, ctx=ctx) == "杭州市"
    assert region.to_json(None, config=CITY, ctx=ctx) is None


def test_city_select_carries_provinces_for_the_page_script(ctx):
    class F(Form):
        city = region.form_field(label="城市", config=CITY, required=False, ctx=ctx)

    html = F(data={"city": "330100"}).city()
    assert 'data-region-level="city"' in html and 'data-province-field="province"' in html
    assert '<optgroup label="浙江省">' in html, "cities are grouped under their province"
    assert '<option data-province="330000" selected value="330100">杭州市</option>' in html
    assert html.count("<option") == 359
    assert html.count("<optgroup") == 31


def test_province_select(ctx):
    class F(Form):
        province = region.form_field(label="省份", config=PROVINCE, required=False, ctx=ctx)

    assert F().province().count("<option") == 32
