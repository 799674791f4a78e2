"""The rule designer's HTML form ⇄ a scoring model document.

Each attribute rule has a name and a visual condition builder
(``templates/conditions/builder.html``) whose hidden input ``cond-<key>`` holds its
condition; event and decay rules show their points. Rules are added (a new key posted with
its name and condition) and deleted (no longer posted) in the page. Posting the form gives
back a model document in the order the rows were left in (drag and drop or the move
buttons). Whether the conditions hold is for the one checker (:func:`.drafts.check_model`).
"""

from __future__ import annotations

import copy
import re

from flask_babel import gettext as _

from tessera.runtime.web.condition_builder import PostedConditionError, read_posted_condition
from tessera.runtime.web.request_input import parse_int

LIMIT = 1_000_000  # far past what the scoring schema allows; it names the real bounds
RULE_KEY = re.compile(r"[a-z][a-z0-9_]{0,59}")
MAX_LABEL = 200
EMPTY_MODEL = {
    "version": 1,
    "rules": [],
    "grades": [
        {"grade": "A", "min": 81},
        {"grade": "B", "min": 60},
        {"grade": "C", "min": 40},
        {"grade": "D", "min": None},
    ],
}


def model_from_documents(draft: dict, published: dict | None, form_key: str) -> dict:
    """The draft's scoring model of ``form_key`` (else the published one, else an empty one)."""
    for doc in (draft, published or {}):
        model = (doc.get("scoring") or {}).get(form_key)
        if model:
            return copy.deepcopy(model)
    return copy.deepcopy(EMPTY_MODEL)


def model_from_form(base: dict, form, *, locale: str) -> tuple[dict, dict]:
    """``(model, problems)``: the posted rules applied to ``base`` (the saved model).

    ``problems`` maps a rule key to a message for input that is not even well-formed (a
    condition that cannot be read, points that are not a number, a new rule without a name);
    everything else is checked by the one checker.
    """
    model = copy.deepcopy(base)
    by_key = {r["key"]: r for r in model.get("rules", [])}
    problems: dict[str, str] = {}
    rules = []
    seen = set()
    for key in form.getlist("rule"):
        if key in seen:
            continue
        seen.add(key)
        rule = by_key.get(key)
        if rule is None:
            if not RULE_KEY.fullmatch(key) or f"cond-{key}" not in form:
                continue
            rule = {"key": key, "when": None, "points": 0}
        rules.append(rule)
        _apply_points(rule, form.get(f"points-{key}"), "points", key, problems)
        if "event" in rule:
            times = (form.get(f"max_times-{key}") or "").strip()
            rule["max_times"] = parse_int(times, maximum=LIMIT) if times else None
            continue
        _apply_label(rule, form.get(f"label-{key}"), locale, problems)
        if f"cond-{key}" in form:
            _apply_condition(rule, form[f"cond-{key}"], locale, problems)
    model["rules"] = rules
    for decay in model.get("decay", []):
        _apply_points(
            decay, form.get(f"decay-points-{decay['key']}"), "points", decay["key"], problems
        )
        days = (form.get(f"decay-days-{decay['key']}") or "").strip()
        if parse_int(days, maximum=LIMIT) is not None:
            decay["inactive_days"] = parse_int(days, maximum=LIMIT)
    return model, problems


def _apply_condition(rule: dict, text: str, locale: str, problems: dict) -> None:
    try:
        condition = read_posted_condition(text, locale=locale)
    except PostedConditionError as exc:
        problems.setdefault(rule["key"], exc.message)
        return
    if condition is None:
        problems.setdefault(rule["key"], _("Add at least one condition to this rule."))
        return
    rule["when"] = condition


def _apply_label(rule: dict, raw, locale: str, problems: dict) -> None:
    if raw is None:
        return
    text = raw.strip()[:MAX_LABEL]
    if not text:
        problems.setdefault(rule["key"], _("Give the rule a name."))
        return
    label = dict(rule.get("label") or {})
    label["en" if locale.startswith("en") else "zh-CN"] = text
    for other in ("zh-CN", "en"):
        label.setdefault(other, text)
    rule["label"] = label


def _apply_points(rule: dict, raw, name: str, key: str, problems: dict) -> None:
    if raw is None:
        return
    points = parse_int(str(raw), minimum=-LIMIT, maximum=LIMIT)
    if points is None:
        problems[key] = _("Points must be a whole number, not «%(value)s».", value=str(raw)[:40])
    else:
        rule[name] = points
