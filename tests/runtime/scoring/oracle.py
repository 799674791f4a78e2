"""The scoring model interpreted rule by rule, as the runtime did before it generated code:
the oracle the generated functions are checked against. It uses only the conditions'
predicates and the event filters' ``accepts``, never generated source."""

from __future__ import annotations

import datetime as dt

from tessera.conditions.env import utc
from tessera.runtime.scoring.explanation import Explanation, Fired


def oracle_grade(model, score: int) -> str | None:
    """The first band whose minimum the score reaches (a band without one takes the rest)."""
    for grade, low in model.grades:
        if low is None or score >= low:
            return grade
    return None


def oracle_explain(model, values, env, created_at) -> Explanation:
    """Every rule that fires, in the model's order, with the score, grade and thresholds."""
    fired, taken = [], set()
    for rule in model.attributes:
        if rule.group is not None and rule.group in taken:
            continue
        if rule.condition.predicate(values, env):
            fired.append(Fired(rule.key, rule.label, rule.points))
            if rule.group is not None:
                taken.add(rule.group)
    counts, last = [0] * len(model.events), None
    if model.events or model.decay:
        last = utc(created_at)
        for event in env.events:
            if last is None or event.occurred_at > last:
                last = event.occurred_at
            for i, rule in enumerate(model.events):
                if event.type == rule.filter.type and rule.filter.accepts(event, env.now):
                    counts[i] += 1
    for rule, n in zip(model.events, counts, strict=True):
        times = n if rule.max_times is None else min(n, rule.max_times)
        if times:
            fired.append(Fired(rule.key, rule.label, rule.points * times, times))
    for rule in model.decay:
        if last is not None and env.now - last >= dt.timedelta(days=rule.inactive_days):
            fired.append(Fired(rule.key, rule.label, rule.points))
    total = sum(f.points for f in fired)
    reached = tuple(key for key, low in model.thresholds if total >= low)
    return Explanation(total, oracle_grade(model, total), tuple(fired), reached)
