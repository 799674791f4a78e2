"""China's provinces and prefecture-level cities (GB/T 2260), loaded once on first use.

A place can be named by its 6-digit code (``"330100"``), its full name (``"杭州市"``) or its
short name (``"杭州"``, ``"内蒙古"``, ``"延边"``).
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from typing import Any

SUFFIXES = (
    "壮族自治区", "回族自治区", "维吾尔自治区", "特别行政区", "自治区",
    "自治州", "自治县", "地区", "林区", "省", "市", "盟", "县",
)  # fmt: skip
# Autonomous prefectures are called by their place name: 延边朝鲜族自治州 → 延边.
ETHNIC_GROUPS = (
    "朝鲜族", "土家族", "苗族", "布依族", "侗族", "藏族", "羌族", "彝族", "哈尼族", "壮族",
    "傣族", "白族", "景颇族", "傈僳族", "回族", "蒙古族", "黎族", "蒙古", "哈萨克", "柯尔克孜",
)  # fmt: skip
_ETHNIC_TAIL = re.compile("^(.{2,}?)(?:" + "|".join(ETHNIC_GROUPS) + ")+$")


def short_name(name: str) -> str:
    """``"浙江省"`` → ``"浙江"``, ``"广西壮族自治区"`` → ``"广西"``, ``"延边朝鲜族自治州"`` → ``"延边"``."""
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            name = name[: -len(suffix)]
            break
    match = _ETHNIC_TAIL.match(name)
    return match.group(1) if match else name


@cache
def _data() -> dict[str, Any]:
    text = resources.files("tessera.widgets").joinpath("data/china_regions.json").read_text("utf-8")
    provinces = json.loads(text)["provinces"]
    by_code: dict[str, dict] = {}
    province_names: dict[str, str] = {}
    city_names: dict[str, list[str]] = {}
    parent: dict[str, str] = {}
    for province in provinces:
        by_code[province["code"]] = province
        for spelling in (province["name"], short_name(province["name"])):
            province_names.setdefault(spelling, province["code"])
        for city in province["cities"]:
            by_code[city["code"]] = city
            parent[city["code"]] = province["code"]
            for spelling in {city["name"], short_name(city["name"])}:
                city_names.setdefault(spelling, []).append(city["code"])
    return {
        "provinces": provinces,
        "by_code": by_code,
        "province_names": province_names,
        "city_names": city_names,
        "parent": parent,
    }


def provinces() -> list[dict]:
    """Every province-level division ``{"code", "name", "cities"}``, in code order."""
    return _data()["provinces"]


def cities_of(province_code: str) -> list[dict]:
    """The cities ``{"code", "name"}`` of a province (a municipality has itself as its city)."""
    province = _data()["by_code"].get(province_code)
    return (
        list(province.get("cities", []))
        if province and province_code not in _data()["parent"]
        else []
    )


def find_province(ref: Any) -> str | None:
    """The province code for a code, full name or short name; None if there is none."""
    if not isinstance(ref, str):
        return None
    ref = ref.strip()
    data = _data()
    if ref in data["by_code"] and ref not in data["parent"]:
        return ref
    return data["province_names"].get(ref) or data["province_names"].get(short_name(ref))


def find_city(ref: Any, *, province: str | None = None) -> str | None:
    """The city code for a code, full name or short name; where a name is shared, the city
    in ``province`` (a province code) wins. None if there is none."""
    if not isinstance(ref, str):
        return None
    ref = ref.strip()
    data = _data()
    if ref in data["parent"]:
        return ref
    codes = data["city_names"].get(ref) or data["city_names"].get(short_name(ref)) or []
    preferred = [code for code in codes if data["parent"][code] == province]
    return (preferred or codes or [None])[0]


def name_of(code: str) -> str | None:
    """The full name of a province or city code."""
    place = _data()["by_code"].get(code)
    return place["name"] if place else None


def province_of(city_code: str) -> str | None:
    """The province code a city belongs to."""
    return _data()["parent"].get(city_code)
