"""What a record list shows: which records (a condition and typed text), in which order, with
which columns. One immutable value, read from a request's query string, a saved view or the
app document's ``views``, and written back to a query string; lists, exports, bulk actions
and boards all take it.

Example::

    state = ListState.from_args(request.args, form)
    state.to_args()  # {"filter": '{"field": "stage", …}', "sort": "-score", "cols": "name,company"}
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from typing import Any

SYSTEM_SORTS = ("created_at", "updated_at", "id")
MAX_SORTS = 3
MAX_COLUMNS = 40
MAX_QUERY = 100  # characters of typed text that count


@dataclass(frozen=True)
class ListState:
    """``filter``: a condition document or None; ``sort``: ``((key, descending), …)``;
    ``columns``: field keys in order (empty: the form's list fields); ``q``: typed text."""

    filter: Any = None
    sort: tuple[tuple[str, bool], ...] = ()
    columns: tuple[str, ...] = ()
    q: str = ""
    problems: tuple[str, ...] = field(default=(), compare=False)

    @classmethod
    def from_document(cls, doc: dict, form) -> ListState:
        """A view in the app document's (or a saved view's) shape: ``{filter, sort, columns}``."""
        sort = tuple(
            (s["field"], bool(s.get("desc")))
            for s in (doc.get("sort") or [])
            if isinstance(s, dict) and isinstance(s.get("field"), str)
        )
        return cls(
            filter=doc.get("filter"),
            sort=_known_sorts(sort, form),
            columns=_known_columns(doc.get("columns") or (), form),
        )

    @classmethod
    def from_args(cls, args, form, base: ListState | None = None) -> ListState:
        """The state a query string asks for (``filter`` JSON, ``sort`` ``-score,name``,
        ``cols`` ``name,company`` or repeated ``col``, ``q``), each part defaulting to ``base``'s. A filter that
        is not JSON is kept out and named in ``problems``."""
        base = base or cls()
        problems = []
        cond = base.filter
        if "filter" in args:
            text = (args.get("filter") or "").strip()
            try:
                cond = json.loads(text) if text else None
            except ValueError:
                cond, problems = None, ["filter"]
        sort = base.sort
        if "sort" in args:
            sort = _known_sorts(parse_sort(args.get("sort", "")), form)
        columns = base.columns
        if "cols" in args:
            columns = _known_columns(args.get("cols", "").split(","), form)
        elif "col" in args:  # the columns panel: one checkbox per column, in page order
            columns = _known_columns(args.getlist("col"), form)
        q = (args.get("q") or "").strip()[:MAX_QUERY]
        return cls(cond, sort, columns, q, tuple(problems))

    def to_document(self) -> dict:
        """The state as a saved view stores it."""
        return {
            "filter": self.filter,
            "sort": [{"field": k, "desc": d} for k, d in self.sort],
            "columns": list(self.columns),
        }

    def to_args(self) -> dict:
        """The query string that gives this state back (empty parts left out)."""
        args = {}
        if self.filter is not None:
            args["filter"] = json.dumps(self.filter, ensure_ascii=False, separators=(",", ":"))
        if self.sort:
            args["sort"] = sort_text(self.sort)
        if self.columns:
            args["cols"] = ",".join(self.columns)
        if self.q:
            args["q"] = self.q
        return args

    def with_sort(self, key: str) -> ListState:
        """Sorted by ``key``: ascending, or descending when it already sorts ascending by it."""
        desc = bool(self.sort) and self.sort[0] == (key, False)
        return replace(self, sort=((key, desc),))


def parse_sort(text: str) -> tuple[tuple[str, bool], ...]:
    """``"-score,name"`` → ``(("score", True), ("name", False))``."""
    out = []
    for part in (text or "").split(",")[:MAX_SORTS]:
        part = part.strip()
        if part:
            out.append((part.lstrip("-"), part.startswith("-")))
    return tuple(out)


def sort_text(sort) -> str:
    """The inverse of :func:`parse_sort`."""
    return ",".join(("-" if desc else "") + key for key, desc in sort)


def _known_sorts(sort, form) -> tuple[tuple[str, bool], ...]:
    return tuple((k, d) for k, d in sort[:MAX_SORTS] if k in SYSTEM_SORTS or form.spec.has_field(k))


def _known_columns(keys, form) -> tuple[str, ...]:
    seen = dict.fromkeys(
        k.strip() for k in keys if isinstance(k, str) and form.spec.has_field(k.strip())
    )
    return tuple(seen)[:MAX_COLUMNS]
