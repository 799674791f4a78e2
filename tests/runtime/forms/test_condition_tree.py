"""Round trip: every condition loads into the builder's tree and saves back unchanged in
meaning (the template's scoring rules and a hand-written set using every operator); what
the builder cannot show as rows is read-only, in words, and saved back as it was; a
checker's error is named by its place in the builder."""

import copy

import pytest

from tessera.conditions import FormSchema, compile_condition
from tessera.conditions.operators import operator_registry
from tessera.runtime.forms.condition_builder import describe_form
from tessera.runtime.forms.condition_tree import condition_of, condition_tree, place_of
from tests.runtime.forms.condition_cases import AGREE, CASES, LEADS

AGREE_CATALOG = describe_form(AGREE, "item", locale="zh_CN")


def canonical(cond):
    """One spelling per meaning: a one-item all/any is its item, ``not not`` cancels, and a
    negated one-item group is the negated item."""
    if isinstance(cond, dict) and len(cond) == 1 and next(iter(cond)) in ("all", "any"):
        mode = next(iter(cond))
        items = [canonical(c) for c in cond[mode]]
        return items[0] if len(items) == 1 else {mode: items}
    if isinstance(cond, dict) and set(cond) == {"not"}:
        inner = canonical(cond["not"])
        if isinstance(inner, dict) and set(inner) == {"not"}:
            return inner["not"]
        return {"not": inner}
    return cond


def round_trip(cond, catalog):
    tree = condition_tree(copy.deepcopy(cond), catalog)
    return tree, condition_of(tree)


def test_the_cases_use_every_operator_and_are_valid():
    used = set()

    def walk(c):
        if isinstance(c, dict):
            if "op" in c:
                used.add(c["op"])
            for v in c.values():
                walk(v)
        elif isinstance(c, list):
            for v in c:
                walk(v)

    walk(CASES)
    assert used >= {o.type for o in operator_registry.all()}
    schema = FormSchema.of(AGREE, "item")
    for cond in CASES:
        compile_condition(cond, schema=schema)


@pytest.mark.parametrize("cond", CASES, ids=lambda c: str(c)[:60])
def test_each_case_saves_back_unchanged_in_meaning(cond):
    _tree, saved = round_trip(cond, AGREE_CATALOG)
    assert canonical(saved) == canonical(cond)


def test_the_template_scoring_rules_round_trip_as_rows():
    catalog = describe_form(LEADS, "lead", locale="zh_CN")
    for rule in LEADS.document["scoring"]["lead"]["rules"]:
        if "when" not in rule:
            continue
        tree, saved = round_trip(rule["when"], catalog)
        assert saved == rule["when"], rule["key"]
        assert "fixed" not in str(tree), rule["key"]


def test_a_saved_tree_saves_the_same_again():
    for cond in CASES:
        tree, saved = round_trip(cond, AGREE_CATALOG)
        assert condition_of(condition_tree(saved, AGREE_CATALOG)) == saved


def test_link_conditions_become_rows_on_the_linked_field():
    tree = condition_tree(
        {
            "field": "account",
            "op": "matches",
            "value": {"field": "region", "op": "eq", "value": "n"},
        },
        AGREE_CATALOG,
    )
    assert tree["items"][0]["kind"] == "row"
    assert tree["items"][0]["field"] == "account.region"


@pytest.mark.parametrize(
    "cond, words",
    [
        ({"field": "size", "op": "gt", "value": {"field": "rank"}}, "比较两个字段"),
        ({"event": {"type": "page_view"}, "at_least": 2}, "行为事件"),
        ({"field": "gone", "op": "eq", "value": 1}, "字段已不在此表单中"),
        ({"field": "size", "op": "contains", "value": "x"}, "不支持该比较方式"),
    ],
)
def test_what_cannot_be_a_row_is_read_only_with_a_note(cond, words):
    node = condition_tree(cond, AGREE_CATALOG)["items"][0]
    assert node["kind"] == "fixed" and words in node["note"]
    assert node["condition"] == cond
    assert "{" not in node["text"]  # in words, not JSON


def test_nesting_past_the_limit_is_read_only_not_a_crash():
    cond = {"field": "size", "op": "gt", "value": 1}
    for _ in range(30):
        cond = {"all": [cond]}
    tree = condition_tree(cond, AGREE_CATALOG)
    assert canonical(condition_of(tree)) == canonical(cond)


def test_an_error_is_named_by_its_place_in_the_builder():
    cond = {
        "all": [
            {"field": "name", "op": "is_empty"},
            {
                "any": [
                    {"field": "kind", "op": "eq", "value": "a"},
                    {"field": "size", "op": "gt", "value": "x"},
                ]
            },
        ]
    }
    tree = condition_tree(cond, AGREE_CATALOG)
    assert place_of(tree, "/all/1/any/1/value", AGREE_CATALOG) == "条件 2.2 › 字段 size"
    assert place_of(tree, "/all/1/any", AGREE_CATALOG) == "条件组 2"
    en = describe_form(LEADS, "lead", locale="en")
    bare = condition_tree({"field": "company_size", "op": "gt", "value": "x"}, en)
    assert place_of(bare, "/value", en) == "Condition 1 › field Company size"


def test_a_whole_condition_reads_in_words_with_value_labels():
    from tessera.runtime.forms.condition_tree import words

    cond = {
        "all": [
            {"field": "owner", "op": "is_not_empty"},
            {
                "any": [
                    {"field": "stage", "op": "eq", "value": "new"},
                    {"field": "industry", "op": "in", "value": ["finance", "education"]},
                ]
            },
        ]
    }
    zh, en = (describe_form(LEADS, "lead", locale=loc) for loc in ("zh_CN", "en"))
    assert words(cond, zh) == "负责人 不为空 且 （阶段 等于 新线索 或 行业 属于 金融、教育）"
    assert words(cond, en).startswith("Owner ")
    assert " and (Stage " in words(cond, en) and "Finance, Education" in words(cond, en)
