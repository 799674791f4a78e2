"""Conditions the builder must load and save back unchanged in meaning: every operator of
the registry at least once (over the agreement app's fields, one of every condition family),
groups, negations, links, and the parts it shows read-only."""

import copy

from tessera.builder import compile_app
from tessera.builder.templates import load_template
from tests.conditions.agreement_app import APP

AGREE = compile_app(copy.deepcopy(APP))
LEADS = compile_app(load_template("leads"))

CASES = [
    {"field": "name", "op": "eq", "value": "张三"},
    {"field": "size", "op": "ne", "value": 3},
    {"field": "size", "op": "lt", "value": 10},
    {"field": "size", "op": "le", "value": 10.5},
    {"field": "amount", "op": "gt", "value": 500000},
    {"field": "rank", "op": "ge", "value": -2},
    {"field": "seen", "op": "before", "value": "2026-01-31"},
    {"field": "at", "op": "after", "value": "2026-01-31T08:30"},
    {"field": "size", "op": "between", "value": [100, 500]},
    {"field": "seen", "op": "between", "value": ["2026-01-01", "2026-03-31"]},
    {"field": "name", "op": "contains", "value": "总监"},
    {"field": "name", "op": "contains_any", "value": ["经理", "manager"]},
    {"field": "name", "op": "starts_with", "value": "王"},
    {"field": "name", "op": "matches", "value": "(?i)^(vp|ceo)$"},
    {"field": "tags", "op": "has_any", "value": ["vip", "dormant"]},
    {"field": "multi", "op": "has_all", "value": ["x", "y"]},
    {"field": "kind", "op": "in", "value": ["a", "b"]},
    {"field": "kind", "op": "not_in", "value": ["c"]},
    {"field": "stage", "op": "before_stage", "value": "qualified"},
    {"field": "stage", "op": "after_stage", "value": "contacted"},
    {"field": "seen", "op": "within_last_days", "value": 30},
    {"field": "at", "op": "more_than_days_ago", "value": 90},
    {"field": "owner", "op": "is_me"},
    {"field": "owner", "op": "in_team", "value": ["east"]},
    {"field": "owner", "op": "eq", "value": 7},
    {"field": "account", "op": "eq", "value": 3},
    {"field": "ok", "op": "eq", "value": True},
    {"field": "name", "op": "is_empty"},
    {"field": "kind", "op": "is_not_empty"},
    {"field": "account", "op": "matches", "value": {"field": "region", "op": "eq", "value": "n"}},
    {
        "all": [
            {"field": "size", "op": "gt", "value": 1},
            {"field": "kind", "op": "eq", "value": "a"},
        ]
    },
    {"any": [{"field": "size", "op": "gt", "value": 1}]},
    {"not": {"field": "name", "op": "contains", "value": "test"}},
    {
        "not": {
            "any": [
                {"field": "ok", "op": "eq", "value": False},
                {"field": "name", "op": "is_empty"},
            ]
        }
    },
    {"not": {"not": {"field": "size", "op": "lt", "value": 0}}},
    {
        "all": [
            {"field": "size", "op": "ge", "value": 10},
            {
                "any": [
                    {"field": "kind", "op": "in", "value": ["a"]},
                    {
                        "not": {
                            "all": [
                                {"field": "tags", "op": "is_empty"},
                                {"field": "ok", "op": "eq", "value": True},
                            ]
                        }
                    },
                ]
            },
        ]
    },
    # Shown read-only, saved back as they are:
    {"field": "size", "op": "gt", "value": {"field": "rank"}},
    {"event": {"type": "page_view", "within_days": 30}, "at_least": 2},
    {
        "field": "account",
        "op": "matches",
        "value": {
            "all": [
                {"field": "region", "op": "eq", "value": "n"},
                {"field": "size", "op": "gt", "value": 1},
            ]
        },
    },
    {"all": [{"event": {"type": "download"}}, {"field": "size", "op": "gt", "value": 1}]},
]
