"""A small app document for store and API tests (the lead template has its own tests)."""

import copy

BASE = {
    "version": 1,
    "key": "crm",
    "label": {"zh-CN": "客户管理", "en": "CRM"},
    "navigation": ["contact", "note"],
    "forms": [
        {
            "key": "contact",
            "label": {"zh-CN": "联系人", "en": "Contact"},
            "title_field": "name",
            "list_fields": ["name", "phone", "size"],
            "sections": [
                {
                    "key": "main",
                    "label": {"zh-CN": "基本信息", "en": "Basics"},
                    "columns": 2,
                    "fields": [
                        {
                            "key": "name",
                            "type": "text",
                            "label": {"zh-CN": "姓名", "en": "Name"},
                            "required": True,
                        },
                        {
                            "key": "phone",
                            "type": "phone",
                            "label": {"zh-CN": "手机", "en": "Phone"},
                        },
                        {"key": "size", "type": "number", "label": {"zh-CN": "规模", "en": "Size"}},
                        {
                            "key": "kind",
                            "type": "select",
                            "label": {"zh-CN": "类型", "en": "Kind"},
                            "config": {
                                "options": [
                                    {"key": "lead", "label": {"zh-CN": "线索", "en": "Lead"}},
                                    {"key": "lost", "label": {"zh-CN": "流失", "en": "Lost"}},
                                ]
                            },
                        },
                        {
                            "key": "why",
                            "type": "text",
                            "label": {"zh-CN": "流失原因", "en": "Why lost"},
                            "required": True,
                            "visible_if": {"field": "kind", "op": "eq", "value": "lost"},
                        },
                    ],
                }
            ],
        },
        {
            "key": "note",
            "label": {"zh-CN": "备注", "en": "Note"},
            "title_field": "body",
            "sections": [
                {
                    "key": "main",
                    "columns": 1,
                    "fields": [
                        {
                            "key": "body",
                            "type": "text",
                            "label": {"zh-CN": "内容", "en": "Body"},
                            "required": True,
                        },
                    ],
                }
            ],
        },
    ],
}


def sample_app() -> dict:
    """A fresh copy of the sample app document."""
    return copy.deepcopy(BASE)


def contact_fields(doc: dict) -> list:
    """The (mutable) field list of the contact form."""
    return doc["forms"][0]["sections"][0]["fields"]
