"""The template's scoring rules written for the rule packages on PyPI (JsonLogic,
datalogic-py, business-rules, rule-engine), for the benchmark. Each gets the same flattened
facts per lead (prepared inside the timed loop); a package that is not installed is skipped."""

from __future__ import annotations

import re

from bench.scoring_data import DIRECTOR_WORDS

ACRONYMS = ("vp", "ceo", "cto", "cfo", "coo", "cio", "cmo")
FREE = sorted(
    f"{a}.{b}"
    for a in "qq 163 126 gmail outlook hotmail foxmail sina sohu yahoo 139 aliyun yeah".split()
    for b in ("com", "cn", "net", "com.cn")
)
TARGET = ["manufacturing", "finance", "education"]
EVENT_RULES = [
    (("page_view:pricing", "page_view:solution"), 15),
    (("download:whitepaper", "download:case_study"), 10),
    (("webinar_attended",), 15),
    (("demo_video_completed",), 10),
    (("email_clicked",), 5),
]
_SPLIT = re.compile(r"[^a-z]+")


def facts(lead, events, now) -> dict:
    """Flattened facts of one lead that every package reads."""
    title = (lead["title"] or "").lower()
    email = lead["email"] or ""
    keys = set()
    last = lead["created_at"]
    for e in events:
        keys.add(e.type)
        for value in e.props.values():
            keys.add(f"{e.type}:{value}")
        if e.occurred_at > last:
            last = e.occurred_at
    return {
        "title": title,
        "tokens": _SPLIT.split(title),
        "size": -1 if lead["company_size"] is None else lead["company_size"],
        "industry": lead["industry"] or "",
        "domain": email.rpartition("@")[2],
        "ev": sorted(keys),
        "idle": (now - last).total_seconds() / 86400,
    }


def jsonlogic_rule() -> dict:
    """The whole model as one JsonLogic expression returning the score."""
    director = {
        "or": [{"in": [w, {"var": "title"}]} for w in DIRECTOR_WORDS]
        + [{"in": [a, {"var": "tokens"}]} for a in ACRONYMS]
    }
    manager = {"or": [{"in": ["经理", {"var": "title"}]}, {"in": ["manager", {"var": "title"}]}]}
    terms = [
        {"if": [director, 20, manager, 10, 0]},
        {"if": [{">": [{"var": "size"}, 500]}, 15, 0]},
        {"if": [{"in": [{"var": "industry"}, TARGET]}, 10, 0]},
        {
            "if": [
                {
                    "and": [
                        {"!=": [{"var": "domain"}, ""]},
                        {"!": {"in": [{"var": "domain"}, FREE]}},
                    ]
                },
                5,
                0,
            ]
        },
    ]
    for keys, points in EVENT_RULES:
        terms.append({"if": [{"or": [{"in": [k, {"var": "ev"}]} for k in keys]}, points, 0]})
    terms.append({"if": [{">=": [{"var": "idle"}, 30]}, -10, 0]})
    return {"+": terms}


def rule_engine_rules():
    """(rule, points) pairs for ``rule-engine`` (director before manager, as elif)."""
    import rule_engine

    director = " or ".join(
        [f"'{w}' in title" for w in DIRECTOR_WORDS] + [f"'{a}' in tokens" for a in ACRONYMS]
    )
    texts = [
        (f"({director})", 20),
        (f"not ({director}) and ('经理' in title or 'manager' in title)", 10),
        ("size > 500", 15),
        (f"industry in {TARGET!r}", 10),
        (f"domain != '' and not domain in {FREE!r}", 5),
    ]
    texts += [(" or ".join(f"'{k}' in ev" for k in keys), points) for keys, points in EVENT_RULES]
    texts.append(("idle >= 30", -10))
    return [(rule_engine.Rule(text), points) for text, points in texts]


def business_rules_setup():
    """``(score_fn)`` running the model through ``business-rules``' ``run_all``."""
    from business_rules import run_all
    from business_rules.actions import BaseActions, rule_action
    from business_rules.fields import FIELD_NUMERIC
    from business_rules.variables import (
        BaseVariables,
        numeric_rule_variable,
        select_multiple_rule_variable,
        string_rule_variable,
    )

    class Lead(BaseVariables):
        def __init__(self, f):
            self.f = f

        @string_rule_variable()
        def title(self):
            return self.f["title"]

        @select_multiple_rule_variable()
        def tokens(self):
            return self.f["tokens"]

        @numeric_rule_variable()
        def size(self):
            return self.f["size"]

        @string_rule_variable()
        def industry(self):
            return self.f["industry"]

        @string_rule_variable()
        def domain(self):
            return self.f["domain"]

        @select_multiple_rule_variable()
        def ev(self):
            return self.f["ev"]

        @numeric_rule_variable()
        def idle(self):
            return self.f["idle"]

    class Points(BaseActions):
        def __init__(self):
            self.total = 0

        @rule_action(params={"points": FIELD_NUMERIC})
        def add(self, points):
            self.total += points

    def act(points):
        return [{"name": "add", "params": {"points": points}}]

    director = {
        "any": [{"name": "title", "operator": "contains", "value": w} for w in DIRECTOR_WORDS]
        + [
            {
                "name": "tokens",
                "operator": "shares_at_least_one_element_with",
                "value": list(ACRONYMS),
            }
        ]
    }
    manager = {
        "any": [
            {"name": "title", "operator": "contains", "value": "经理"},
            {"name": "title", "operator": "contains", "value": "manager"},
        ]
    }
    rules = [
        {"conditions": director, "actions": act(20)},
        {
            "conditions": {
                "all": [
                    manager,
                    {
                        "all": [
                            {
                                "name": "tokens",
                                "operator": "shares_no_elements_with",
                                "value": list(ACRONYMS),
                            },
                            {
                                "name": "title",
                                "operator": "matches_regex",
                                "value": "^((?!" + "|".join(DIRECTOR_WORDS) + ").)*$",
                            },
                        ]
                    },
                ]
            },
            "actions": act(10),
        },
        {
            "conditions": {"all": [{"name": "size", "operator": "greater_than", "value": 500}]},
            "actions": act(15),
        },
        {
            "conditions": {
                "any": [{"name": "industry", "operator": "equal_to", "value": t} for t in TARGET]
            },
            "actions": act(10),
        },
        {
            "conditions": {
                "all": [{"name": "domain", "operator": "non_empty", "value": None}]
                + [
                    {
                        "name": "domain",
                        "operator": "matches_regex",
                        "value": "^(?!(" + "|".join(re.escape(f) for f in FREE) + ")$)",
                    }
                ]
            },
            "actions": act(5),
        },
    ]
    rules += [
        {
            "conditions": {
                "all": [
                    {
                        "name": "ev",
                        "operator": "shares_at_least_one_element_with",
                        "value": list(keys),
                    }
                ]
            },
            "actions": act(points),
        }
        for keys, points in EVENT_RULES
    ]
    rules.append(
        {
            "conditions": {
                "all": [{"name": "idle", "operator": "greater_than_or_equal_to", "value": 30}]
            },
            "actions": act(-10),
        }
    )

    def score(f):
        points = Points()
        run_all(
            rule_list=rules,
            defined_variables=Lead(f),
            defined_actions=points,
            stop_on_first_trigger=False,
        )
        return points.total

    return score
