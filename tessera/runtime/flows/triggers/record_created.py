"""``record_created``: a new record, optionally only from some ways in (``via``: link, api,
workspace, import)."""

from __future__ import annotations

from tessera.runtime.flows.triggers.base import Trigger
from tessera.runtime.store.write_events import RecordCreated


class RecordCreatedTrigger(Trigger):
    """Starts on every new record of the form (or only those that came ``via`` one of the
    listed ways)."""

    type = "record_created"
    label = {"zh-CN": "新建记录时", "en": "When a record is created"}
    listens_to = (RecordCreated,)
    config_schema = {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "via": {
                "type": "array",
                "items": {"enum": ["link", "api", "workspace", "import", "undo"]},
                "x-label": {
                    "zh-CN": "只在这些途径新建时（不选则任何途径）",
                    "en": "Only when created through (none: any way)",
                },
                "x-enum-labels": {
                    "link": {"zh-CN": "公开链接", "en": "A public link"},
                    "api": {"zh-CN": "API", "en": "The API"},
                    "workspace": {"zh-CN": "工作台", "en": "The workspace"},
                    "import": {"zh-CN": "导入", "en": "An import"},
                    "undo": {"zh-CN": "撤销合并", "en": "Undoing a merge"},
                },
            }
        },
    }

    def fires(self, event, config, form):
        via = (event.origin or {}).get("via")
        if config.get("via") and via not in config["via"]:
            return None
        return {"via": via}
