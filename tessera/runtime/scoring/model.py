"""A scoring model compiled once: attribute rules, event rules, decay, grade bands and
thresholds, with a per-record path generated as Python source (:mod:`.codegen`: the score,
the explanation, the grade) and a bulk SQL expression (:mod:`.bulk`).

Example::

    model = compile_model(app_doc["scoring"]["lead"], schema=FormSchema.of(app_spec, "lead"))
    model.score(values, env)          # 50
    model.explain(values, env).fired  # [Fired("title_director", …, 20, 1), …]
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa

from tessera.conditions.compiler import ConditionError, compile_condition
from tessera.conditions.event_filter import EventFilter, parse_event_filter
from tessera.conditions.operators import OperandError
from tessera.runtime.scoring.codegen import generate_scoring
from tessera.runtime.scoring.explanation import Explanation, Fired
from tessera.widgets import WidgetContext

__all__ = [
    "AttributeRule",
    "DecayRule",
    "EventRule",
    "Explanation",
    "Fired",
    "ModelError",
    "ScoringModel",
    "compile_model",
]


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
        object.__setattr__(self, "_generated", generate_scoring(self))
        object.__setattr__(self, "reads", _fields_named(self.document.get("rules") or []))

    def depends_on(self, changed) -> bool:
        """Whether a change to the fields ``changed`` can move the score: an attribute rule
        reads one of them (a link path counts by its first field). Events and time move it
        too, but they arrive as their own events (and decay), not as field changes."""
        return not self.reads.isdisjoint(changed)

    # per record -------------------------------------------------------------------------

    def score(self, values, env, *, created_at=None) -> int:
        """The score of one record (the fast path: no explanation).

        Runs the function generated from this model (:mod:`.codegen`), compiled once."""
        return self._generated.score(values, env, created_at)

    def explain(self, values, env, *, created_at=None) -> Explanation:
        """The score with every rule that fired and its points, in the model's order."""
        return self._generated.explain(values, env, created_at)

    def grade_for(self, score: int) -> str | None:
        """The first band whose minimum the score reaches (the last band takes the rest)."""
        return self._generated.grade(score)

    @property
    def source(self) -> str:
        """The Python source generated for this model (what :meth:`score` runs)."""
        return self._generated.source

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


def _fields_named(node) -> frozenset[str]:
    """Every field key a rule document names (``"field"`` anywhere, a path by its first
    part): what a change must touch to matter to the model."""
    found = set()

    def walk(value):
        if isinstance(value, dict):
            for key, item in value.items():
                if key == "field" and isinstance(item, str):
                    found.add(item.split(".")[0])
                else:
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(node)
    return frozenset(found)
