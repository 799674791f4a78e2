"""One generic registry for every kind of pluggable type (widgets, operators, actions …)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Generic, TypeVar

T = TypeVar("T")


class UnknownType(LookupError):
    """Raised when a persisted type key names nothing registered.

    Example::

        widget_registry.get("telepathy")  # UnknownType: unknown widget type 'telepathy'
    """

    def __init__(self, kind: str, key: str):
        super().__init__(f"unknown {kind} type {key!r}")
        self.kind = kind
        self.key = key


class Registry(Generic[T]):
    """Maps a persisted ``type`` key to one instance.

    Example::

        widget_registry = Registry("widget")
        widget_registry.register(PhoneWidget())
        widget_registry.get("phone").normalize("13800138000", config={})
    """

    def __init__(self, kind: str):
        self.kind = kind
        self._items: dict[str, T] = {}
        self._frozen = False

    def register(self, item: T) -> T:
        """Add ``item`` under its ``type`` attribute; a key is registered once."""
        key = item.type  # type: ignore[attr-defined]
        if self._frozen:
            raise RuntimeError(f"{self.kind} registry is frozen; cannot add {key!r}")
        if key in self._items:
            raise ValueError(f"{self.kind} type {key!r} is already registered")
        self._items[key] = item
        return item

    def get(self, key: str) -> T:
        """The item registered under ``key``; :class:`UnknownType` if none."""
        try:
            return self._items[key]
        except KeyError:
            raise UnknownType(self.kind, key) from None

    def __contains__(self, key: object) -> bool:
        return key in self._items

    def keys(self) -> list[str]:
        """Registered keys in registration order."""
        return list(self._items)

    def all(self) -> list[T]:
        """Registered items in registration order."""
        return list(self._items.values())

    def __iter__(self) -> Iterator[T]:
        return iter(self._items.values())

    def freeze(self) -> None:
        """Refuse further registration (done once every module is loaded)."""
        self._frozen = True
