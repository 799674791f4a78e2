"""``round_robin``: members of a team or users of a role take turns."""

from __future__ import annotations

from tessera.runtime.flows.assignment.base import Strategy
from tessera.runtime.flows.assignment.pool import POOL_PROPERTIES, compile_pool
from tessera.runtime.flows.assignment.rotation import pick_in_turn, turn_text


class RoundRobinStrategy(Strategy):
    """The next available member after the one picked last (fair across restarts and worker
    processes: the pool's cursor is a row, advanced in the step's transaction).

    Example::

        {"type": "round_robin", "team": "east_china"}
        {"type": "round_robin", "role": "sales"}
    """

    type = "round_robin"
    label = {"zh-CN": "轮询", "en": "Round robin"}
    config_schema = {
        "type": "object",
        "required": ["type"],
        "additionalProperties": False,
        "properties": {"type": {"const": "round_robin"}, **POOL_PROPERTIES},
    }

    def compile(self, config, form, path):
        super().compile(config, form, path)
        return compile_pool(config, path)

    def choose(self, ctx, config):
        return pick_in_turn(ctx, config, strategy=self.type, facts={})

    def describe(self, reason, locale):
        return turn_text(reason, locale)
