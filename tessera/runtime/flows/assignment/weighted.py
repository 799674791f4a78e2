"""``weighted``: score points shared in proportion to each member's historical win rate, so
the best closers get more of the promising records without starving anyone."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tessera.runtime.flows.assignment.base import NoPick, Pick, Strategy
from tessera.runtime.flows.assignment.cursor import lock_pool, record_pick
from tessera.runtime.flows.assignment.fields import known_field
from tessera.runtime.flows.assignment.owned import owner_column, per_owner
from tessera.runtime.flows.assignment.pool import POOL_PROPERTIES, Pool, compile_pool, pool_text
from tessera.runtime.flows.assignment.when import compile_when
from tessera.widgets.base import tr

NUMBERS = frozenset({"number"})


@dataclass(frozen=True)
class Weighted:
    pool: Pool
    score: str
    won: Any  # CompiledCondition
    lost: Any
    open: Any  # None: owned records neither won nor lost


def win_rate(won: float, lost: float) -> float:
    """Wins over closed records, smoothed so a new rep starts at 50%: (won+1)/(closed+2)."""
    return (won + 1) / (won + lost + 2)


class WeightedStrategy(Strategy):
    """Each member's weight is their win rate over the records they own (``won`` / ``lost``
    say which); the record goes to the member whose open score points plus this record's
    score, divided by their weight, is lowest (score × win rate: a rep winning twice as
    often carries twice the score points). Ties go to the lower id.

    Example::

        {"type": "weighted", "role": "sales", "score": "score",
         "won": {"field": "stage", "op": "eq", "value": "won"},
         "lost": {"field": "stage", "op": "eq", "value": "lost"}}
    """

    type = "weighted"
    label = {"zh-CN": "按胜率加权", "en": "Weighted by win rate"}
    config_schema = {
        "type": "object",
        "required": ["type", "score", "won", "lost"],
        "additionalProperties": False,
        "properties": {
            "type": {"const": "weighted"},
            **POOL_PROPERTIES,
            "score": {"type": "string"},
            "won": {"type": "object"},
            "lost": {"type": "object"},
            "open": {"type": "object"},
        },
    }

    def compile(self, config, form, path):
        super().compile(config, form, path)
        owner_column(form, path)
        known_field(form, config["score"], path + "/score", kinds=NUMBERS)
        won = compile_when(config["won"], form, path + "/won")
        lost = compile_when(config["lost"], form, path + "/lost")
        if "open" in config:
            open_ = compile_when(config["open"], form, path + "/open")
        else:
            open_ = compile_when({"not": {"any": [config["won"], config["lost"]]}}, form, path)
        return Weighted(compile_pool(config, path), config["score"], won, lost, open_)

    def choose(self, ctx, config):
        conn, pool = ctx.conn, config.pool
        members = pool.eligible(conn)
        base = {"strategy": self.type, "pool": pool.facts(conn), "away": pool.away(conn)}
        if not members:
            return NoPick({**base, "why": "nobody_available"})
        key = ctx.pool_key(pool.key)
        turn, _last = lock_pool(conn, key, now=ctx.now)  # one decision per pool at a time
        ids = [m.id for m in members]
        won = per_owner(ctx, ids, condition=config.won)
        lost = per_owner(ctx, ids, condition=config.lost)
        load = per_owner(ctx, ids, condition=config.open, total=config.score)
        score = float(ctx.values.get(config.score) or 0)

        def burden(member):
            rate = win_rate(won.get(member.id, 0), lost.get(member.id, 0))
            return ((load.get(member.id, 0) + score) / rate, member.id)

        user = min(members, key=burden)
        record_pick(conn, key, user.id)
        wins, losses = int(won.get(user.id, 0)), int(lost.get(user.id, 0))
        return Pick(
            user,
            {
                **base,
                "win_rate": round(100 * win_rate(wins, losses)),
                "won": wins,
                "closed": wins + losses,
                "load": round(load.get(user.id, 0)),
                "score": round(score),
                "turn": turn,
            },
        )

    def describe(self, reason, locale):
        pool = pool_text(reason.get("pool") or {}, locale)
        if reason.get("why"):
            return tr(locale, "{}无可分配人员", "nobody available in {}").format(pool)
        return tr(
            locale,
            "{pool}按胜率加权：胜率 {rate}%（成交 {won}/{closed}），在手分值 {load}",
            "{pool} weighted by win rate: {rate}% ({won} of {closed} won), open score {load}",
        ).format(
            pool=pool,
            rate=reason.get("win_rate"),
            won=reason.get("won"),
            closed=reason.get("closed"),
            load=reason.get("load"),
        )
