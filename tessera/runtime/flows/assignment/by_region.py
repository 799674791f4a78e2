"""``by_region``: the rep whose regions contain the record's city or province (a rep's
regions are names or codes: «杭州», «浙江省», «330100»); several such reps take turns."""

from __future__ import annotations

from dataclasses import dataclass

from tessera.runtime.flows.assignment.base import NoPick, Strategy, value_facts
from tessera.runtime.flows.assignment.by_field import field_then
from tessera.runtime.flows.assignment.fields import known_field, values_of
from tessera.runtime.flows.assignment.pool import POOL_PROPERTIES, Pool, compile_pool, pool_text
from tessera.runtime.flows.assignment.rotation import pick_in_turn, turn_text
from tessera.widgets import regions
from tessera.widgets.base import label_text, tr


@dataclass(frozen=True)
class ByRegion:
    pool: Pool
    fields: tuple  # region fields, most precise first (city, then province)


def region_codes(names) -> frozenset[str]:
    """GB/T 2260 codes a rep's regions stand for (a name may be a city and a province:
    «上海» is both)."""
    codes = set()
    for name in names:
        codes |= {c for c in (regions.find_city(name), regions.find_province(name)) if c}
    return frozenset(codes)


class ByRegionStrategy(Strategy):
    """Members of the pool covering the record's region, in turn; the first of ``fields``
    that someone covers decides (the city before the province).

    Example::

        {"type": "by_region", "role": "sales", "fields": ["city", "province"]}
    """

    type = "by_region"
    label = {"zh-CN": "按地区", "en": "By region"}
    config_schema = {
        "type": "object",
        "required": ["type", "fields"],
        "additionalProperties": False,
        "properties": {
            "type": {"const": "by_region"},
            **POOL_PROPERTIES,
            "fields": {"type": "array", "minItems": 1, "maxItems": 4, "items": {"type": "string"}},
        },
    }

    def compile(self, config, form, path):
        super().compile(config, form, path)
        for i, key in enumerate(config["fields"]):
            known_field(form, key, f"{path}/fields/{i}")
        return ByRegion(compile_pool(config, path), tuple(config["fields"]))

    def choose(self, ctx, config):
        members = config.pool.eligible(ctx.conn)
        for key in config.fields:
            for code in values_of(ctx.values, key):
                covering = [m for m in members if code in region_codes(m.regions)]
                if covering:
                    facts = value_facts(ctx.form, key, code)
                    cursor = f"{config.pool.key}:region:{code}"
                    return pick_in_turn(
                        ctx,
                        config.pool,
                        strategy=self.type,
                        facts=facts,
                        candidates=covering,
                        cursor=cursor,
                    )
        key = config.fields[0]
        facts = value_facts(ctx.form, key, ctx.values.get(key))
        return NoPick(
            {
                "strategy": self.type,
                "pool": config.pool.facts(ctx.conn),
                **facts,
                "why": "nobody_covers_region",
            }
        )

    def describe(self, reason, locale):
        if reason.get("why") == "nobody_covers_region":
            field = label_text(reason.get("field_label"), locale)
            value = label_text(reason.get("value_text"), locale) or tr(locale, "（空）", "(empty)")
            pool = pool_text(reason.get("pool") or {}, locale)
            return tr(
                locale, "{f} = {v}：{p}中无人负责该地区", "{f} = {v}: nobody in {p} covers it"
            ).format(f=field, v=value, p=pool)
        return field_then(reason, locale, _covering)


def _covering(reason: dict, locale: str) -> str:
    return tr(locale, "负责该地区：{}", "covering it: {}").format(turn_text(reason, locale))
