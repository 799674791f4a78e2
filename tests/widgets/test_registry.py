"""The generic registry (tessera/registry.py) and the widget registry built on it."""

import pytest

from tessera.registry import Registry, UnknownType
from tessera.widgets import WIDGET_MODULES, widget_registry


class Thing:
    def __init__(self, type):
        self.type = type


def test_register_get_and_order():
    registry = Registry("thing")
    a, b = registry.register(Thing("a")), registry.register(Thing("b"))
    assert registry.get("a") is a and registry.get("b") is b
    assert registry.keys() == ["a", "b"] and registry.all() == [a, b] and list(registry) == [a, b]
    assert "a" in registry and "c" not in registry


def test_unknown_type_names_kind_and_key():
    registry = Registry("operator")
    with pytest.raises(UnknownType) as caught:
        registry.get("telepathy")
    assert caught.value.kind == "operator" and caught.value.key == "telepathy"
    assert "unknown operator type 'telepathy'" in str(caught.value)
    assert isinstance(caught.value, LookupError)


def test_a_key_is_registered_once():
    registry = Registry("thing")
    registry.register(Thing("a"))
    with pytest.raises(ValueError, match="already registered"):
        registry.register(Thing("a"))


def test_freeze_refuses_registration():
    registry = Registry("thing")
    registry.register(Thing("a"))
    registry.freeze()
    with pytest.raises(RuntimeError, match="frozen"):
        registry.register(Thing("b"))
    assert registry.keys() == ["a"]


def test_widget_registry_holds_every_module_and_is_frozen():
    assert widget_registry.keys() == list(WIDGET_MODULES)
    with pytest.raises(RuntimeError):
        widget_registry.register(Thing("telepathy"))
    with pytest.raises(UnknownType):
        widget_registry.get("telepathy")
