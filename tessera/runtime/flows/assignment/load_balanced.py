"""``load_balanced``: the member with the fewest open records, never past a cap."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tessera.runtime.flows.assignment.base import NoPick, Pick, Strategy
from tessera.runtime.flows.assignment.cursor import take_turn
from tessera.runtime.flows.assignment.owned import owner_column, per_owner
from tessera.runtime.flows.assignment.pool import POOL_PROPERTIES, Pool, compile_pool, pool_text
from tessera.runtime.flows.assignment.when import compile_when
from tessera.widgets.base import tr


@dataclass(frozen=True)
class LoadBalanced:
    pool: Pool
    cap: int | None
    open: Any  # CompiledCondition or None: every owned record counts


class LoadBalancedStrategy(Strategy):
    """Fewest open records wins; members at ``cap`` are passed over; a tie goes to whoever
    comes next in the pool's turn. ``open`` says which owned records count (all when absent).

    Example::

        {"type": "load_balanced", "role": "sales", "cap": 30,
         "open": {"field": "stage", "op": "not_in", "value": ["won", "lost", "invalid"]}}
    """

    type = "load_balanced"
    label = {"zh-CN": "按负载均衡", "en": "Load-balanced"}
    config_schema = {
        "type": "object",
        "required": ["type"],
        "additionalProperties": False,
        "properties": {
            "type": {"const": "load_balanced"},
            **POOL_PROPERTIES,
            "cap": {"type": "integer", "minimum": 1, "maximum": 100000},
            "open": {"type": "object"},
        },
    }

    def compile(self, config, form, path):
        super().compile(config, form, path)
        owner_column(form, path)
        condition = compile_when(config["open"], form, path + "/open") if "open" in config else None
        return LoadBalanced(compile_pool(config, path), config.get("cap"), condition)

    def choose(self, ctx, config):
        conn, pool = ctx.conn, config.pool
        members = pool.eligible(conn)
        base = {"strategy": self.type, "pool": pool.facts(conn), "away": pool.away(conn)}
        if not members:
            return NoPick({**base, "why": "nobody_available"})
        counts = per_owner(ctx, [m.id for m in members], condition=config.open)
        load = {m.id: int(counts.get(m.id, 0)) for m in members}
        under = [m for m in members if config.cap is None or load[m.id] < config.cap]
        if not under:
            return NoPick({**base, "cap": config.cap, "why": "all_at_cap"})
        fewest = min(load[m.id] for m in under)
        tied = [m for m in under if load[m.id] == fewest]
        user, _position, turn = take_turn(conn, ctx.pool_key(pool.key), tied, now=ctx.now)
        return Pick(user, {**base, "open": fewest, "cap": config.cap, "turn": turn})

    def describe(self, reason, locale):
        pool = pool_text(reason.get("pool") or {}, locale)
        cap = reason.get("cap")
        if reason.get("why") == "all_at_cap":
            return tr(locale, "{}人人已达上限 {} 条", "everyone in {} is at the cap of {}").format(
                pool, cap
            )
        if reason.get("why"):
            return tr(locale, "{}无可分配人员", "nobody available in {}").format(pool)
        if cap is None:
            return tr(locale, "{}中在手最少（{} 条）", "fewest open in {} ({})").format(
                pool, reason.get("open")
            )
        return tr(
            locale, "{}中在手最少（{} 条，上限 {} 条）", "fewest open in {} ({}, cap {})"
        ).format(pool, reason.get("open"), cap)
