"""Taking turns in a pool: what round robin, by-field, tiers and by-region share — the
eligible members, the pool's cursor, and the words «轮询第 3 位»."""

from __future__ import annotations

from tessera.runtime.flows.assignment.base import AssignContext, NoPick, Pick
from tessera.runtime.flows.assignment.cursor import take_turn
from tessera.runtime.flows.assignment.pool import Pool, pool_text
from tessera.widgets.base import tr


def pick_in_turn(
    ctx: AssignContext, pool: Pool, *, strategy: str, facts: dict, candidates=None, cursor=None
) -> Pick | NoPick:
    """The next eligible member of ``pool`` (or of ``candidates``, a part of it) in turn.
    ``cursor`` names the rotation when it is not the whole pool's (one per region)."""
    conn = ctx.conn
    candidates = pool.eligible(conn) if candidates is None else candidates
    reason = {"strategy": strategy, "pool": pool.facts(conn), **facts, "away": pool.away(conn)}
    if not candidates:
        return NoPick({**reason, "why": "nobody_available"})
    key = ctx.pool_key(cursor or pool.key)
    user, position, turn = take_turn(conn, key, candidates, now=ctx.now)
    return Pick(user, {**reason, "position": position, "of": len(candidates), "turn": turn})


def turn_text(reason: dict, locale: str) -> str:
    """«团队 华东，轮询第 3 位» / «team East China, round robin position 3 of 4»; or why
    nobody: «团队 华东 无可分配人员（1 人休假）»."""
    pool = pool_text(reason.get("pool") or {}, locale)
    away = reason.get("away") or 0
    if reason.get("why") == "nobody_available":
        text = tr(locale, "{}无可分配人员", "nobody available in {}").format(pool)
    else:
        text = tr(
            locale,
            "{pool}，轮询第 {position} 位（共 {of} 人）",
            "{pool}, round robin {position} of {of}",
        ).format(pool=pool, position=reason.get("position"), of=reason.get("of"))
    if away:
        text += tr(locale, "（{} 人休假未参与）", " ({} away)").format(away)
    return text
