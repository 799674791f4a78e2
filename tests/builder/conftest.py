"""Shared documents for the builder tests."""

import pytest


def label(zh: str, en: str) -> dict:
    return {"zh-CN": zh, "en": en}


def small_app() -> dict:
    """A valid two-form app that exercises choices, regions, links and conditions."""
    return {
        "version": 1,
        "key": "crm",
        "label": label("客户管理", "CRM"),
        "navigation": ["contact", "company"],
        "forms": [
            {
                "key": "contact",
                "label": label("联系人", "Contact"),
                "title_field": "name",
                "list_fields": ["name", "stage"],
                "sections": [
                    {
                        "key": "basic",
                        "label": label("基本信息", "Basics"),
                        "columns": 2,
                        "fields": [
                            {"key": "name", "type": "text", "label": label("姓名", "Name"), "required": True},
                            {"key": "email", "type": "email", "label": label("邮箱", "Email")},
                            {
                                "key": "stage",
                                "type": "select",
                                "label": label("阶段", "Stage"),
                                "config": {
                                    "options": [
                                        {"key": "new", "label": label("新建", "New")},
                                        {"key": "won", "label": label("赢单", "Won")},
                                    ]
                                },
                            },
                        ],
                    },
                    {
                        "key": "more",
                        "label": label("更多", "More"),
                        "columns": 2,
                        "fields": [
                            {"key": "province", "type": "region", "label": label("省份", "Province"),
                             "config": {"level": "province"}},
                            {"key": "city", "type": "region", "label": label("城市", "City"),
                             "config": {"level": "city", "province_field": "province"}},
                            {"key": "employer", "type": "link", "label": label("公司", "Company"),
                             "config": {"form": "company"}},
                            {"key": "size", "type": "number", "label": label("规模", "Size")},
                            {"key": "notes", "type": "textarea", "label": label("备注", "Notes"),
                             "visible_if": {"field": "stage", "op": "eq", "value": "won"}},
                        ],
                    },
                ],
            },
            {
                "key": "company",
                "label": label("公司", "Company"),
                "sections": [
                    {"key": "main", "fields": [{"key": "name", "type": "text", "label": label("名称", "Name")}]}
                ],
            },
        ],
    }  # fmt: skip


@pytest.fixture
def app() -> dict:
    return small_app()
