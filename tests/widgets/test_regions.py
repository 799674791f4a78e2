"""The province and city catalogue behind the region widget."""

import pytest

from tessera.widgets import regions


def test_catalogue_size():
    assert len(regions.provinces()) == 31
    assert sum(len(p["cities"]) for p in regions.provinces()) == 358


@pytest.mark.parametrize(
    ("ref", "code"),
    [("330000", "330000"), ("浙江省", "330000"), ("浙江", "330000"), ("上海", "310000"),
     ("内蒙古", "150000"), ("广西", "450000"), ("新疆", "650000"), ("宁夏回族自治区", "640000")],
)  # fmt: skip
def test_find_province(ref, code):
    assert regions.find_province(ref) == code


@pytest.mark.parametrize(
    ("ref", "code"),
    [("330100", "330100"), ("杭州市", "330100"), ("杭州", "330100"), ("上海", "310100"),
     ("北京", "110100"), ("延边", "222400"), ("湘西", "433100"), ("黔西南", "522300"),
     ("兴安", "152200"), ("大兴安岭", "232700")],
)  # fmt: skip
def test_find_city(ref, code):
    assert regions.find_city(ref) == code


def test_unknowns_and_wrong_levels():
    assert regions.find_province("330100") is None  # a city is not a province
    assert regions.find_city("330000") is None
    assert regions.find_city("亚特兰蒂斯") is None and regions.find_province(None) is None
    assert regions.find_city({"code": "330100"}) is None


def test_names_and_parents():
    assert regions.name_of("330100") == "杭州市" and regions.name_of("000000") is None
    assert regions.province_of("330100") == "330000" and regions.province_of("330000") is None
    assert [c["name"] for c in regions.cities_of("310000")] == ["上海市"]
    assert len(regions.cities_of("330000")) == 11 and regions.cities_of("330100") == []


def test_short_names():
    assert regions.short_name("广西壮族自治区") == "广西"
    assert regions.short_name("延边朝鲜族自治州") == "延边"
    assert regions.short_name("儋州市") == "儋州"
