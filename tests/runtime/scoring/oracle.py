"""The scoring model interpreted rule by rule, as the runtime did before it generated code:
the oracle the generated functions are checked against (and the «before» row of
bench/bench_scoring.py). It uses only the conditions' predicates and the event filters'
``accepts``, never generated source."""

from __future__ import annotations

import datetime as dt

from tessera.conditions.env import utc
from tessera.runtime.scoring.explanation import Explanation, Fired


class InterpretedModel:
    """``score`` and ``explain`` of a compiled :class:`ScoringModel`, interpreted.

    Example::

        InterpretedModel(model).explain(values, env, created_at)
    """

    def __init__(self, model):
        self.model = model
        singles, groups = [], {}
        for rule in model.attributes:
            if rule.group is None:
                singles.append((rule.condition.predicate, rule.points))
            else:
                groups.setdefault(rule.group, []).append((rule.condition.predicate, rule.points))
        by_type: dict[str, list] = {}
        for i, rule in enumerate(model.events):
            by_type.setdefault(rule.filter.type, []).append((i, rule.filter))
        self.singles, self.groups = tuple(singles), tuple(tuple(g) for g in groups.values())
        self.by_type = {k: tuple(v) for k, v in by_type.items()}

    def event_counts(self, env, created_at):
        """Matches per event rule, and the last interaction (creation or an event)."""
        counts = [0] * len(self.model.events)
        last = utc(created_at)
        now, by_type = env.now, self.by_type
        for event in env.events:
            at = event.occurred_at
            if last is None or at > last:
                last = at
            for i, flt in (*by_type.get(event.type, ()), *by_type.get("*", ())):
                if flt.accepts(event, now):
                    counts[i] += 1
        return counts, last

    def score(self, values, env, created_at) -> int:
        """The score alone."""
        model, total = self.model, 0
        for predicate, points in self.singles:
            if predicate(values, env):
                total += points
        for group in self.groups:
            for predicate, points in group:
                if predicate(values, env):
                    total += points
                    break
        if model.events or model.decay:
            counts, last = self.event_counts(env, created_at)
            for rule, n in zip(model.events, counts, strict=True):
                if n:
                    cap = rule.max_times
                    total += rule.points * (n if cap is None or n < cap else cap)
            if last is not None:
                idle = env.now - last
                for rule in model.decay:
                    if idle >= dt.timedelta(days=rule.inactive_days):
                        total += rule.points
        return total

    def explain(self, values, env, created_at) -> Explanation:
        """Every rule that fires, in the model's order, with the score, grade, thresholds."""
        model, fired, taken = self.model, [], set()
        for rule in model.attributes:
            if rule.group is not None and rule.group in taken:
                continue
            if rule.condition.predicate(values, env):
                fired.append(Fired(rule.key, rule.label, rule.points))
                if rule.group is not None:
                    taken.add(rule.group)
        counts, last = [0] * len(model.events), None
        if model.events or model.decay:
            counts, last = self.event_counts(env, created_at)
        for rule, n in zip(model.events, counts, strict=True):
            times = n if rule.max_times is None else min(n, rule.max_times)
            if times:
                fired.append(Fired(rule.key, rule.label, rule.points * times, times))
        for rule in model.decay:
            if last is not None and env.now - last >= dt.timedelta(days=rule.inactive_days):
                fired.append(Fired(rule.key, rule.label, rule.points))
        total = sum(f.points for f in fired)
        reached = tuple(key for key, low in model.thresholds if total >= low)
        return Explanation(total, self.grade(total), tuple(fired), reached)

    def grade(self, score: int) -> str | None:
        """The first band whose minimum the score reaches (a band without one takes the rest)."""
        for grade, low in self.model.grades:
            if low is None or score >= low:
                return grade
        return None
