"""``tiers``: a number field's value decides the team by tiers (est_amount ≥ 500000 →
key accounts), whose members then take turns."""

from __future__ import annotations

from dataclasses import dataclass

from tessera.runtime.flows.assignment.base import NoPick, Strategy, value_facts
from tessera.runtime.flows.assignment.by_field import field_then
from tessera.runtime.flows.assignment.fields import known_field
from tessera.runtime.flows.assignment.pool import Pool
from tessera.runtime.flows.assignment.rotation import pick_in_turn, turn_text

NUMBERS = frozenset({"number"})


@dataclass(frozen=True)
class Tiers:
    field: str
    tiers: tuple  # ((min, team), …), highest minimum first


class TiersStrategy(Strategy):
    """The team of the highest tier whose ``min`` the value reaches.

    Example::

        {"type": "tiers", "field": "est_amount",
         "tiers": [{"min": 500000, "team": "key_accounts"}, {"min": 0, "team": "sme"}]}
    """

    type = "tiers"
    label = {"zh-CN": "按数值分档", "en": "Tiers by value"}
    config_schema = {
        "type": "object",
        "required": ["type", "field", "tiers"],
        "additionalProperties": False,
        "properties": {
            "type": {"const": "tiers"},
            "field": {"type": "string"},
            "tiers": {
                "type": "array",
                "minItems": 1,
                "maxItems": 20,
                "items": {
                    "type": "object",
                    "required": ["min", "team"],
                    "additionalProperties": False,
                    "properties": {
                        "min": {"type": "number"},
                        "team": {"type": "string", "pattern": "^[A-Za-z0-9_.-]{1,40}$"},
                    },
                },
            },
        },
    }

    def compile(self, config, form, path):
        super().compile(config, form, path)
        known_field(form, config["field"], path + "/field", kinds=NUMBERS)
        ordered = sorted(((t["min"], t["team"]) for t in config["tiers"]), reverse=True)
        return Tiers(config["field"], tuple(ordered))

    def choose(self, ctx, config):
        value = ctx.values.get(config.field)
        facts = value_facts(ctx.form, config.field, value)
        team = None
        if value is not None:
            team = next((t for minimum, t in config.tiers if value >= minimum), None)
        if team is None:
            return NoPick({"strategy": self.type, **facts, "why": "no_tier"})
        return pick_in_turn(ctx, Pool(team=team), strategy=self.type, facts=facts)

    def describe(self, reason, locale):
        return field_then(reason, locale, turn_text)
