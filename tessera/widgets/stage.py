"""Pipeline stages: ordered options, each open, won or lost."""

import copy

from tessera.widgets.base import register
from tessera.widgets.choices import OPTIONS_SCHEMA, ChoiceWidget, option_keys

MEANINGS = ("open", "won", "lost")

STAGE_OPTIONS_SCHEMA = copy.deepcopy(OPTIONS_SCHEMA)
STAGE_OPTIONS_SCHEMA["items"]["properties"]["meaning"] = {"enum": list(MEANINGS)}


@register
class StageWidget(ChoiceWidget):
    """The stage of a record in a pipeline. Options are in pipeline order; each has a
    ``meaning`` (``open`` by default, ``won`` or ``lost``) so reports and rules can tell a
    closed deal from an open one.

    Example::

        cfg = StageWidget().default_config()
        StageWidget().normalize("已赢单", config=cfg, ctx=WidgetContext())  # "won"
        StageWidget().meaning("won", config=cfg)  # "won"
    """

    type = "stage"
    label = {"zh-CN": "阶段", "en": "Stage"}
    condition_type = "stage"
    config_schema = {
        "type": "object",
        "required": ["options"],
        "properties": {"options": STAGE_OPTIONS_SCHEMA, "placeholder": {"type": "object"}},
        "additionalProperties": False,
    }

    def meaning(self, key: str, *, config: dict) -> str | None:
        """``open``, ``won`` or ``lost`` for a stage key (None for an unknown key)."""
        for option in config.get("options", []):
            if option["key"] == key:
                return option.get("meaning", "open")
        return None

    def position(self, key: str, *, config: dict) -> int | None:
        """The stage's index in the pipeline (for ``before_stage`` / ``after_stage``)."""
        keys = option_keys(config)
        return keys.index(key) if key in keys else None

    def default_config(self):
        def stage(key, zh, en, meaning="open"):
            return {"key": key, "label": {"zh-CN": zh, "en": en}, "meaning": meaning}

        return {
            "options": [
                stage("new", "新线索", "New"),
                stage("contacted", "已联系", "Contacted"),
                stage("qualified", "已确认需求", "Qualified"),
                stage("proposal", "方案报价", "Proposal"),
                stage("won", "已赢单", "Won", "won"),
                stage("lost", "已输单", "Lost", "lost"),
            ]
        }
