"""The views section: the list views the app document offers for a form (``views``), each
compiled once per version into its :class:`~tessera.runtime.lists.state.ListState`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tessera.runtime.lists.state import ListState
from tessera.runtime.sections.base import Section


@dataclass(frozen=True)
class DocumentView:
    """A view every user of the list is offered: its key, label and state."""

    key: str
    label: Any
    state: ListState


class ViewsSection(Section):
    """``(DocumentView, …)`` of the form, in document order (empty when it has none)."""

    type = "views"

    def compile(self, form) -> tuple:
        views = (form.app.spec.document.get("views") or {}).get(form.key) or ()
        return tuple(
            DocumentView(v["key"], v["label"], ListState.from_document(v, form)) for v in views
        )
