"""First-match-wins assignment rules: ``[{"when": <condition>, "strategy": {…}, "label"}]``.

The rules are tried in order; the first whose ``when`` holds (a rule without one always
does) and whose strategy finds somebody decides. A rule that holds but finds nobody (its
team all away, no rep covering the city) is noted and the next one is tried, so a decision
always says what was tried; when no rule finds anybody the record stays unassigned and the
reason says why.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tessera.registry import UnknownType
from tessera.runtime.flows.assignment.base import AssignContext, Pick, Strategy
from tessera.runtime.flows.assignment.when import compile_when
from tessera.runtime.flows.errors import FlowConfigError

RULE_SCHEMA = {
    "type": "object",
    "required": ["strategy"],
    "additionalProperties": False,
    "properties": {
        "when": {"type": "object"},
        "strategy": {
            "type": "object",
            "required": ["type"],
            "properties": {"type": {"type": "string"}},
        },
        "label": {
            "type": "object",
            "additionalProperties": {"type": "string", "maxLength": 100},
        },
    },
}


@dataclass(frozen=True)
class Rule:
    """One compiled rule: its number (from 1), label, condition and strategy."""

    number: int
    label: Any
    when: Any  # CompiledCondition or None
    strategy: Strategy
    config: Any


@dataclass(frozen=True)
class Decision:
    """The chosen user (None: nobody) and the reason kept on the timeline."""

    user: Any
    reason: dict


def compile_rules(docs: list, form, path: str, registry) -> tuple[Rule, ...]:
    """Rules compiled against ``form`` (conditions by the condition language, strategies by
    their type); a problem refuses the publish with its path."""
    rules = []
    for i, doc in enumerate(docs):
        here = f"{path}/{i}"
        when = compile_when(doc["when"], form, here + "/when") if "when" in doc else None
        kind = doc["strategy"]["type"]
        try:
            strategy = registry.get(kind)
        except UnknownType:
            known = ", ".join(registry.keys())
            raise FlowConfigError(
                here + "/strategy/type",
                f"There is no assignment strategy «{kind}». Strategies: {known}.",
                f"没有「{kind}」这种分配方式。可用的分配方式：{known}。",
            ) from None
        config = strategy.compile(dict(doc["strategy"]), form, here + "/strategy")
        rules.append(Rule(i + 1, doc.get("label"), when, strategy, config))
    return tuple(rules)


def decide(rules, ctx: AssignContext, env) -> Decision:
    """Try ``rules`` in order for the record in ``ctx`` (``env``: its evaluation env)."""
    tried = []
    for rule in rules:
        if rule.when is not None and not rule.when.predicate(ctx.values, env):
            continue
        outcome = rule.strategy.choose(ctx, rule.config)
        facts = {"rule": rule.number, "rule_label": rule.label, **outcome.reason}
        if isinstance(outcome, Pick):
            chosen = {**facts, "owner_id": outcome.user.id, "owner_name": outcome.user.name}
            return Decision(outcome.user, {**chosen, "passed": tried})
        tried.append(facts)
    return Decision(None, {"rule": None, "passed": tried, "why": "no_rule_found_anybody"})
