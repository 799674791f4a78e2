"""Shared behaviour of widgets whose value is a list (multiselect, tags), stored as JSON."""

from __future__ import annotations

import re
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

from tessera.widgets.base import FieldError, Widget, WidgetContext, refuse_unsafe_text, tr

MAX_ITEMS = 200


def split_items(
    raw: Any, *, separators: str, ctx: WidgetContext, split_list_items: bool = True
) -> list[str] | None:
    """The non-empty, stripped items of ``raw``: a list of strings, or one string split on
    any of ``separators`` (so ``"a, b、c"`` and ``["a", "b", "c"]`` read the same); with
    ``split_list_items`` the items of a list are split too. Empty → None; anything but text
    or a list of text is refused.

    Example::

        split_items("金融，教育", separators=",，、", ctx=WidgetContext())  # ["金融", "教育"]
    """
    if raw is None:
        return None
    refuse_unsafe_text(raw, ctx=ctx)
    pattern = "[" + re.escape(separators) + "]"
    if isinstance(raw, str):
        pieces = re.split(pattern, raw)
    elif isinstance(raw, (list, tuple)) and all(isinstance(item, str) for item in raw):
        pieces = [
            p for item in raw for p in (re.split(pattern, item) if split_list_items else [item])
        ]
    else:
        raise FieldError(tr(ctx.locale, "请提供文本列表", "Give a list of text"), code="type")
    if len(pieces) > MAX_ITEMS:
        raise FieldError(tr(ctx.locale, "项目过多", "Too many items"), code="too_many")
    items = [piece.strip() for piece in pieces if piece.strip()]
    return items or None


class ListWidget(Widget):
    """A list value in a JSON column (JSONB on PostgreSQL)."""

    value_type = "list"
    storage = "json"
    can_be_dimension = False
    condition_type = "list"

    def sql_type(self, config):
        return sa.JSON().with_variant(JSONB(), "postgresql")

    def display(self, value, *, config, ctx):
        if not value:
            return ""
        return (", " if ctx.locale.startswith("en") else "、").join(
            self.item_labels(value, config=config, ctx=ctx)
        )

    def item_labels(self, value: list, *, config: dict, ctx: WidgetContext) -> list[str]:
        """The text shown for each item."""
        return [str(item) for item in value]
