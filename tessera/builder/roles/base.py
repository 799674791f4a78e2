"""The role interface and its registry."""

from __future__ import annotations

from typing import ClassVar

from tessera.registry import Registry
from tessera.widgets import Widget


class Role:
    """A part a field plays for the platform, e.g. the user who owns a record.

    Example::

        owner = role_registry.get("owner")
        owner.accepts(widget_registry.get("user"))  # True
    """

    type: ClassVar[str]  # persisted key in a form's "roles": never rename
    label: ClassVar[dict]  # {"zh-CN": …, "en": …}: what the role is called
    wants: ClassVar[dict]  # {"zh-CN": …, "en": …}: the kind of field it needs, for errors

    def accepts(self, widget: Widget) -> bool:
        """Whether a field with this widget may play the role."""
        raise NotImplementedError


role_registry: Registry[Role] = Registry("role")


def register(cls: type[Role]) -> type[Role]:
    """Class decorator: instantiate and register a role."""
    role_registry.register(cls())
    return cls
