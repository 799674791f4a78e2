"""Every setting of every registered trigger and action reads as a label in both languages in
the flow designer's panel, and refers to fields, stages, connections and flows by a picker."""

from __future__ import annotations

import pytest

from tessera.runtime.flows.actions import action_registry
from tessera.runtime.flows.errors import FlowConfigError
from tessera.runtime.flows.triggers import trigger_registry
from tessera.runtime.flows.triggers.base import check_config

REGISTERED = [*trigger_registry.all(), *action_registry.all()]
PICKERS = {
    "field",
    "email_document",
    "field_value",
    "connection",
    "stage",
    "stages",
    "flow",
    "condition",
    "kept",
    "template",
}


@pytest.mark.parametrize("kind", REGISTERED, ids=lambda k: k.type)
def test_each_setting_has_a_label_in_both_languages(kind):
    for key, prop in (kind.config_schema.get("properties") or {}).items():
        text = prop.get("x-label") or {}
        assert text.get("zh-CN") and text.get("en"), f"{kind.type}.{key} has no label"
        assert prop.get("x-input", "template") in PICKERS, f"{kind.type}.{key}"
        for value in prop.get("enum") or (prop.get("items") or {}).get("enum") or []:
            assert value in (prop.get("x-enum-labels") or {}), f"{kind.type}.{key}: {value}"


def test_a_missing_setting_is_named_by_its_label():
    schema = action_registry.get("create_task").config_schema
    with pytest.raises(FlowConfigError) as caught:
        check_config(schema, {"title": ""}, "/steps/0/config")
    assert caught.value.path == "/steps/0/config/title"
    assert caught.value.message == "Fill in «Task title»."
    assert caught.value.message_zh == "请填写「任务标题」。"
    with pytest.raises(FlowConfigError) as caught:
        check_config(schema, {"title": "x", "due_hours": 9999}, "/steps/0/config")
    assert caught.value.message_zh == "「几小时内完成」不能大于 8760。"
