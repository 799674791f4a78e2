"""By region: the rep whose regions contain the lead's city (or, next, its province); two
reps covering one city take turns; nobody covering it says so."""

from __future__ import annotations

import pytest

from tessera.builder import InvalidDocument
from tessera.runtime.flows.assignment.explain import explain
from tessera.runtime.flows.runner import run_due
from tests.runtime.flows.assignment.support import (
    add_reps,
    assigned,
    install_assignment,
    rule,
    timeline_entries,
)
from tests.runtime.flows.support import create_lead

BY_CITY = {"type": "by_region", "role": "sales", "fields": ["city", "province"]}
REPS = [
    ("a@example.com", "甲", "sales", None, ["杭州"]),
    ("b@example.com", "乙", "sales", None, ["浙江省", "上海"]),
    ("c@example.com", "丙", "sales", None, ["330100"]),  # a code: 杭州 too
]


def test_the_rep_covering_the_city_gets_the_lead_and_two_take_turns(office):
    app, engine = office
    ids = add_reps(engine, REPS)
    install_assignment(engine, rule(BY_CITY))
    hangzhou = assigned(app, engine, 2, province="浙江", city="杭州")
    assert hangzhou == [ids["a@example.com"], ids["c@example.com"]]


def test_the_province_decides_when_nobody_covers_the_city(office):
    app, engine = office
    ids = add_reps(engine, REPS)
    install_assignment(engine, rule(BY_CITY))
    record_id = create_lead(app, province="浙江", city="宁波")
    run_due(engine)
    (entry,) = timeline_entries(engine, record_id, "assigned")
    assert entry["changes"]["owner"][1] == ids["b@example.com"]
    assert explain(entry["assignment"], "zh_CN") == (
        "规则 1 → 省份 = 浙江省 → 负责该地区：所有销售，轮询第 1 位（共 1 人），乙"
    )
    assert explain(entry["assignment"], "en") == (
        "Rule 1 → Province = 浙江省 → covering it: the Sales role, round robin 1 of 1, 乙"
    )


def test_nobody_covering_the_region_assigns_nobody(office):
    app, engine = office
    add_reps(engine, REPS)
    install_assignment(engine, rule(BY_CITY))
    assert assigned(app, engine, 1, province="四川", city="成都") == [None]


def test_publish_refuses_a_field_the_form_does_not_have(office):
    _app, engine = office
    with pytest.raises(InvalidDocument) as refused:
        install_assignment(engine, rule({**BY_CITY, "fields": ["district"]}))
    error = refused.value.errors[0]
    assert error.path == "/flows/assign/steps/0/config/rules/0/strategy/fields/0"
    assert "district" in error.message
