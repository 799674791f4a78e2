"""An assignment's reason in words, in the reader's language, rendered when it is read (the
timeline and notifications keep the structured reason):

«规则 1：展会 + 华东 → 团队 华东，轮询第 3 位（共 4 人），李雷»
«Rule 1: Trade show + East China → team East China, round robin 3 of 4, Li Lei»
"""

from __future__ import annotations

from tessera.registry import UnknownType
from tessera.runtime.flows.assignment.base import assignment_registry
from tessera.widgets.base import label_text, tr


def explain(reason: dict | None, locale: str) -> str:
    """The whole decision: who and why, or why nobody (each rule that found nobody).

    Example::

        explain(entry["payload"]["assignment"], "en")
        # "Rule 2: Large deal → est_amount = 600,000 → team Key accounts, round robin 1 of 2, 李强"
    """
    reason = reason or {}
    if reason.get("why") == "already_owned":
        return tr(locale, "已有负责人，未重新分配", "Already owned; not reassigned")
    if reason.get("rule") is None:
        passed = reason.get("passed") or []
        if not passed:
            return tr(locale, "未能分配：没有规则适用", "Not assigned: no rule applies")
        parts = tr(locale, "；", "; ").join(rule_text(r, locale) for r in passed)
        return tr(locale, "未能分配：{}", "Not assigned: {}").format(parts)
    return tr(locale, "{}，{}", "{}, {}").format(
        rule_text(reason, locale), reason.get("owner_name")
    )


def rule_text(reason: dict, locale: str) -> str:
    """«规则 1：展会 + 华东 → 团队 华东，轮询第 3 位» for one rule's outcome."""
    label = label_text(reason.get("rule_label"), locale)
    number = reason.get("rule")
    head = (
        tr(locale, "规则 {}：{}", "Rule {}: {}").format(number, label)
        if label
        else tr(locale, "规则 {}", "Rule {}").format(number)
    )
    return f"{head} → {strategy_text(reason, locale)}"


def strategy_text(reason: dict, locale: str) -> str:
    """The strategy's own words for its part of the reason."""
    try:
        strategy = assignment_registry.get(reason.get("strategy", ""))
    except UnknownType:
        return reason.get("strategy") or ""
    return strategy.describe(reason, locale)
