"""An app with one field of every condition family, for the compiler agreement tests."""

import copy

from tessera.widgets import widget_registry


def _f(key, type_, **config):
    field = {"key": key, "type": type_, "label": {"zh-CN": key, "en": key}}
    if config:
        field["config"] = config
    return field


def _options(*keys):
    return [{"key": k, "label": {"zh-CN": k.upper(), "en": k.upper()}} for k in keys]


STAGE_CONFIG = widget_registry.get("stage").default_config()
STAGES = [o["key"] for o in STAGE_CONFIG["options"]]

APP = {
    "version": 1,
    "key": "agree",
    "label": {"zh-CN": "一致性", "en": "Agreement"},
    "forms": [
        {
            "key": "item",
            "label": {"zh-CN": "条目", "en": "Item"},
            "sections": [
                {
                    "key": "main",
                    "columns": 1,
                    "fields": [
                        _f("name", "text"),
                        _f("size", "number"),
                        _f("rank", "number"),
                        _f("amount", "money", currency="CNY"),
                        _f("seen", "date"),
                        _f("at", "datetime"),
                        _f("kind", "select", options=_options("a", "b", "c")),
                        _f("stage", "stage", **copy.deepcopy(STAGE_CONFIG)),
                        _f("tags", "tags"),
                        _f("multi", "multiselect", options=_options("x", "y", "z")),
                        _f("ok", "checkbox"),
                        _f("owner", "user"),
                        _f("account", "link", form="account"),
                    ],
                }
            ],
        },
        {
            "key": "account",
            "label": {"zh-CN": "账户", "en": "Account"},
            "sections": [
                {
                    "key": "main",
                    "columns": 1,
                    "fields": [
                        _f("region", "select", options=_options("n", "s")),
                        _f("size", "number"),
                    ],
                }
            ],
        },
    ],
}
