"""A province or a city of China."""

from wtforms import SelectField

from tessera.widgets import regions
from tessera.widgets.base import FieldError, Widget, refuse_unsafe_text, register, tr
from tessera.widgets.choices import html_option, html_options


@register
class RegionWidget(Widget):
    """A province or (``level: "city"``) a prefecture-level city, stored as its GB/T 2260
    code. Written as a code, a full name or a short name (``"杭州"``, ``"内蒙古"``), or
    ``{"code": …}``; the API reads ``{"code", "name"}``. A city field may name the
    province field it depends on: the city must then lie in that province.

    Example::

        RegionWidget().normalize("杭州", config={"level": "city"}, ctx=WidgetContext())
        # "330100"
    """

    type = "region"
    kind = "contact"
    label = {"zh-CN": "省市", "en": "Region"}
    condition_type = "choice"  # one code out of the GB/T 2260 list
    config_schema = {
        "type": "object",
        "properties": {
            "level": {"enum": ["province", "city"]},
            "province_field": {"type": "string", "pattern": "^[a-z][a-z0-9_]{0,39}$"},
            "placeholder": {"type": "object"},
        },
        "additionalProperties": False,
        # Only a city depends on a province.
        "if": {"properties": {"level": {"const": "city"}}, "required": ["level"]},
        "else": {"not": {"required": ["province_field"]}},
    }

    def depends_on(self, config):
        key = config.get("province_field") if config.get("level") == "city" else None
        return (key,) if key else ()

    def value_schema(self, config):
        return {
            "type": ["object", "null"],
            "required": ["code"],
            "properties": {
                "code": {"type": "string", "pattern": r"^\d{6}$"},
                "name": {"type": "string"},
            },
        }

    def normalize(self, raw, *, config, ctx):
        refuse_unsafe_text(raw, ctx=ctx)
        if isinstance(raw, dict) and raw.keys() <= {"code", "name"}:
            raw = raw.get("code") or raw.get("name")
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return None
        if not isinstance(raw, str) or len(raw) > 100:
            raise FieldError(tr(ctx.locale, "请选择地区", "Choose a region"), code="type")
        text = raw.strip()
        if config.get("level") != "city":
            code = regions.find_province(text)
            if code is None:
                raise FieldError(
                    tr(ctx.locale, f"找不到省份：{text}", f"No such province: {text}"),
                    code="invalid_region",
                )
            return code
        province = self._province(config, ctx)
        if "/" in text:  # "浙江省 / 杭州市", as the select shows it
            province_name, _, text = (part.strip() for part in text.partition("/"))
            province = regions.find_province(province_name) or province
        code = regions.find_city(text, province=province)
        if code is None:
            raise FieldError(
                tr(ctx.locale, f"找不到城市：{text}", f"No such city: {text}"),
                code="invalid_region",
            )
        return code

    def validate(self, value, *, config, ctx):
        province = self._province(config, ctx) if config.get("level") == "city" else None
        if province and regions.province_of(value) != province:
            city, home = regions.name_of(value), regions.name_of(province)
            raise FieldError(
                tr(ctx.locale, f"{city}不属于{home}", f"{city} is not in {home}"),
                code="wrong_province",
            )

    def to_json(self, value, *, config, ctx):
        return None if value is None else {"code": value, "name": regions.name_of(value) or value}

    def form_field(self, *, label, config, required, description="", ctx):
        if config.get("level") != "city":
            options = html_options(
                [(p["code"], p["name"]) for p in regions.provinces()], blank=True
            )
            return SelectField(
                label, description=description, validate_choice=False, choices=options
            )
        # Every city, each tagged with its province, so the page can filter by province.
        options = html_options([], blank=True) + [
            html_option(c["code"], c["name"], {"data-province": p["code"]}, optgroup=p["name"])
            for p in regions.provinces()
            for c in p["cities"]
        ]
        attrs = {"data-region-level": "city"}
        if config.get("province_field"):
            attrs["data-province-field"] = config["province_field"]
        return SelectField(
            label, description=description, validate_choice=False, choices=options, render_kw=attrs
        )

    def condition_choices(self, config, locale):
        if config.get("level") != "city":
            return [{"value": p["code"], "label": p["name"]} for p in regions.provinces()]
        return [
            {"value": c["code"], "label": c["name"], "group": p["name"]}
            for p in regions.provinces()
            for c in p["cities"]
        ]

    def display(self, value, *, config, ctx):
        return "" if value is None else regions.name_of(value) or value

    def default_config(self):
        return {"level": "province"}

    @staticmethod
    def _province(config, ctx):
        """The province code the record's province field holds, if the field names one."""
        key = config.get("province_field")
        ref = (ctx.record or {}).get(key) if key else None
        if isinstance(ref, dict):
            ref = ref.get("code") or ref.get("name")
        return regions.find_province(ref)
