"""A scoring model compiled once: attribute rules, event rules, decay, grade bands and
thresholds, with a fast per-record path, an explaining path and a bulk SQL expression.

Example::

    model = compile_model(app_doc["scoring"]["lead"], schema=FormSchema.of(app_spec, "lead"))
    model.score(values, env)          # 50
    model.explain(values, env).fired  # [Fired("title_director", …, 20, 1), …]
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import sqlalchemy as sa

from tessera.conditions.compiler import ConditionError, compile_condition
from tessera.conditions.env import utc
from tessera.conditions.event_filter import EventFilter, parse_event_filter
from tessera.conditions.operators import OperandError
from tessera.widgets import WidgetContext


@dataclass(frozen=True)
class Fired:
    """One rule that contributed: its key, label, points in total, and how many times."""

    key: str
    label: dict
    points: int
    times: int = 1


@dataclass(frozen=True)
class Explanation:
    """A score with the rules behind it."""

    score: int
    grade: str | None
    fired: tuple[Fired, ...]
    thresholds: tuple[str, ...] = ()

    @property
    def sales_ready(self) -> bool:
        return "sales_ready" in self.thresholds

    def to_json(self) -> dict:
        return {
            "score": self.score,
            "grade": self.grade,
            "sales_ready": self.sales_ready,
            "thresholds": list(self.thresholds),
            "rules": [
                {"key": f.key, "label": f.label, "points": f.points, "times": f.times}
                for f in self.fired
            ],
        }


@dataclass(frozen=True)
class AttributeRule:
    key: str
    label: dict
    points: int
    condition: object  # CompiledCondition
    group: str | None = None  # tiers: the first matching rule of a group counts


@dataclass(frozen=True)
class EventRule:
    key: str
    label: dict
    points: int
    filter: EventFilter
    max_times: int | None


@dataclass(frozen=True)
class DecayRule:
    key: str
    label: dict
    points: int
    inactive_days: int


@dataclass(frozen=True)
class ScoringModel:
    """The compiled model (immutable; safe to share between requests)."""

    score_field: str
    grade_field: str
    attributes: tuple[AttributeRule, ...]
    events: tuple[EventRule, ...]
    decay: tuple[DecayRule, ...]
    grades: tuple[tuple[str, int | None], ...]
    thresholds: tuple[tuple[str, int], ...]
    document: dict = field(repr=False, compare=False, default_factory=dict)

    def __post_init__(self):
        singles, groups = [], {}
        for rule in self.attributes:
            if rule.group is None:
                singles.append((rule.condition.predicate, rule.points))
            else:
                groups.setdefault(rule.group, []).append((rule.condition.predicate, rule.points))
        by_type: dict[str, list] = {}
        for i, rule in enumerate(self.events):
            by_type.setdefault(rule.filter.type, []).append((i, rule.filter))
        frozen = {k: tuple(v) for k, v in by_type.items()}
        object.__setattr__(self, "_singles", tuple(singles))
        object.__setattr__(self, "_groups", tuple(tuple(g) for g in groups.values()))
        object.__setattr__(self, "_by_type", frozen)
        object.__setattr__(self, "_decay", tuple((r.inactive_days, r.points) for r in self.decay))

    # per record -------------------------------------------------------------------------

    def event_counts(self, env, created_at):
        """One pass over the record's events: matches per event rule, and the instant of the
        last interaction (creation or an event)."""
        counts = [0] * len(self.events)
        last = utc(created_at)
        now, by_type = env.now, self._by_type
        for event in env.events:
            at = event.occurred_at
            if last is None or at > last:
                last = at
            for i, flt in by_type.get(event.type, ()):
                if flt.accepts(event, now):
                    counts[i] += 1
        return counts, last

    def score(self, values, env, *, created_at=None) -> int:
        """The score of one record (the fast path: no explanation)."""
        total = 0
        for predicate, points in self._singles:
            if predicate(values, env):
                total += points
        for group in self._groups:
            for predicate, points in group:
                if predicate(values, env):
                    total += points
                    break
        if self.events or self._decay:
            counts, last = self.event_counts(env, created_at)
            for rule, n in zip(self.events, counts, strict=True):
                if n:
                    cap = rule.max_times
                    total += rule.points * (n if cap is None or n < cap else cap)
            if last is not None and self._decay:
                idle = env.now - last
                for days, points in self._decay:
                    if idle >= dt.timedelta(days=days):
                        total += points
        return total

    def explain(self, values, env, *, created_at=None) -> Explanation:
        """The score with every rule that fired and its points, in the model's order."""
        fired, taken = [], set()
        for rule in self.attributes:
            if rule.group is not None and rule.group in taken:
                continue
            if rule.condition.predicate(values, env):
                fired.append(Fired(rule.key, rule.label, rule.points))
                if rule.group is not None:
                    taken.add(rule.group)
        counts, last = self.event_counts(env, created_at)
        for rule, n in zip(self.events, counts, strict=True):
            times = n if rule.max_times is None else min(n, rule.max_times)
            if times:
                fired.append(Fired(rule.key, rule.label, rule.points * times, times))
        for rule in self.decay:
            if last is not None and env.now - last >= dt.timedelta(days=rule.inactive_days):
                fired.append(Fired(rule.key, rule.label, rule.points))
        total = sum(f.points for f in fired)
        return Explanation(total, self.grade_for(total), tuple(fired), self.reached(total))

    def grade_for(self, score: int) -> str | None:
        """The first band whose minimum the score reaches (the last band takes the rest)."""
        for grade, low in self.grades:
            if low is None or score >= low:
                return grade
        return None

    def reached(self, score: int) -> tuple[str, ...]:
        """Keys of the thresholds the score reaches (e.g. ``("sales_ready",)``)."""
        return tuple(key for key, low in self.thresholds if score >= low)

    # bulk -------------------------------------------------------------------------------

    def sql_score(self, scope) -> sa.ColumnElement:
        """One SQL expression computing every record's score (see :mod:`.bulk`)."""
        from tessera.runtime.scoring.bulk import score_expression

        return score_expression(self, scope)

    def sql_grade(self, score: sa.ColumnElement) -> sa.ColumnElement:
        """CASE expression turning a score expression into its grade."""
        whens = [(score >= low, grade) for grade, low in self.grades if low is not None]
        rest = next((g for g, low in self.grades if low is None), None)
        return sa.case(*whens, else_=sa.literal(rest)) if whens else sa.literal(rest)


class ModelError(ValueError):
    """A scoring model that cannot be compiled; ``path`` points at the problem."""

    def __init__(self, message: str, *, path: str = ""):
        super().__init__(f"{path}: {message}" if path else message)
        self.message, self.path = message, path


def compile_model(doc: dict, *, schema, ctx: WidgetContext | None = None) -> ScoringModel:
    """Type-check and compile a scoring model document for the form of ``schema``.

    Raises :class:`ModelError` with a JSON path (``/rules/2/when/value``).
    """
    attributes, events, decay = [], [], []
    for i, rule in enumerate(doc.get("rules") or []):
        label = rule.get("label") or {"zh-CN": rule["key"], "en": rule["key"]}
        if "when" in rule:
            try:
                cond = compile_condition(
                    rule["when"], schema=schema, ctx=ctx, path=f"/rules/{i}/when"
                )
            except ConditionError as exc:
                raise ModelError(exc.message, path=exc.path) from None
            attributes.append(
                AttributeRule(rule["key"], label, int(rule["points"]), cond, rule.get("group"))
            )
        else:
            try:
                flt = parse_event_filter(rule.get("event"), f"/rules/{i}/event")
            except OperandError as exc:
                raise ModelError(str(exc)) from None
            events.append(
                EventRule(rule["key"], label, int(rule["points"]), flt, rule.get("max_times"))
            )
    for rule in doc.get("decay") or []:
        label = rule.get("label") or {"zh-CN": rule["key"], "en": rule["key"]}
        decay.append(DecayRule(rule["key"], label, int(rule["points"]), int(rule["inactive_days"])))
    return ScoringModel(
        score_field=doc.get("score_field", "score"),
        grade_field=doc.get("grade_field", "grade"),
        attributes=tuple(attributes),
        events=tuple(events),
        decay=tuple(decay),
        grades=tuple((g["grade"], g.get("min")) for g in doc.get("grades") or []),
        thresholds=tuple((t["key"], int(t["min"])) for t in doc.get("thresholds") or []),
        document=doc,
    )
