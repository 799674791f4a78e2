"""``by_field``: a field's value decides the team (industry or product line → team), whose
members then take turns."""

from __future__ import annotations

from dataclasses import dataclass

from tessera.runtime.flows.assignment.base import NoPick, Strategy, value_facts
from tessera.runtime.flows.assignment.fields import known_field, values_of
from tessera.runtime.flows.assignment.pool import Pool
from tessera.runtime.flows.assignment.rotation import pick_in_turn, turn_text
from tessera.runtime.flows.errors import FlowConfigError
from tessera.widgets import FieldError, WidgetContext
from tessera.widgets.base import label_text, tr


@dataclass(frozen=True)
class ByField:
    field: str
    teams: dict  # stored value → team key


class ByFieldStrategy(Strategy):
    """The team mapped from the record's value of ``field`` (option keys or labels; for a
    multi-choice field, the first value that has a team).

    Example::

        {"type": "by_field", "field": "industry",
         "teams": {"finance": "finance_team", "manufacturing": "industry_team"}}
    """

    type = "by_field"
    label = {"zh-CN": "按字段值分配团队", "en": "Team by field value"}
    config_schema = {
        "type": "object",
        "required": ["type", "field", "teams"],
        "additionalProperties": False,
        "properties": {
            "type": {"const": "by_field"},
            "field": {"type": "string"},
            "teams": {
                "type": "object",
                "minProperties": 1,
                "additionalProperties": {"type": "string", "pattern": "^[A-Za-z0-9_.-]{1,40}$"},
            },
        },
    }

    def compile(self, config, form, path):
        super().compile(config, form, path)
        field = known_field(form, config["field"], path + "/field")
        teams = {}
        for raw, team in config["teams"].items():
            try:
                value = field.widget.normalize(raw, config=field.config, ctx=WidgetContext())
            except FieldError as exc:
                raise FlowConfigError(f"{path}/teams/{raw}", exc.message, exc.message) from None
            teams[value if value is not None else raw] = team
        return ByField(field.key, teams)

    def choose(self, ctx, config):
        value = next((v for v in values_of(ctx.values, config.field) if v in config.teams), None)
        if value is None:
            shown = ctx.values.get(config.field)
            facts = value_facts(ctx.form, config.field, shown)
            return NoPick({"strategy": self.type, **facts, "why": "no_team_for_value"})
        facts = value_facts(ctx.form, config.field, value)
        return pick_in_turn(ctx, Pool(team=config.teams[value]), strategy=self.type, facts=facts)

    def describe(self, reason, locale):
        return field_then(reason, locale, turn_text)


def field_then(reason: dict, locale: str, rest) -> str:
    """«行业 = 金融 → …» then ``rest(reason, locale)``; or why no team was found."""
    field = label_text(reason.get("field_label"), locale) or reason.get("field", "")
    value = label_text(reason.get("value_text"), locale) or tr(locale, "（空）", "(empty)")
    if reason.get("why") in ("no_team_for_value", "no_tier"):
        return tr(locale, "{} = {}：没有对应的团队", "{} = {}: no team for this value").format(
            field, value
        )
    return f"{field} = {value} → {rest(reason, locale)}"
