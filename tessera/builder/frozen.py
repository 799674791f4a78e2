"""Read-only JSON values: compiled documents are shared by every request, so none may change.

``FrozenDict`` and ``FrozenList`` subclass ``dict`` and ``list`` so widgets, ``json.dumps`` and
jsonschema accept them unchanged; every mutating method raises ``TypeError``.
"""

from __future__ import annotations

import json
from typing import Any


def _refuse(self, *args, **kwargs):
    raise TypeError(f"{type(self).__name__} is read-only; use thaw() for a mutable copy")


class FrozenDict(dict):
    """A dict that refuses changes.

    Example::

        config = freeze({"options": [{"key": "a"}]})
        config["options"][0]["key"]  # "a"
        config["x"] = 1              # TypeError
    """

    __slots__ = ()
    __setitem__ = __delitem__ = __ior__ = _refuse
    clear = pop = popitem = setdefault = update = _refuse

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(json.dumps(self, sort_keys=True, default=str))

    def __reduce__(self):
        return (FrozenDict, (dict(self),))

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self


class FrozenList(list):
    """A list that refuses changes (see :class:`FrozenDict`)."""

    __slots__ = ()
    __setitem__ = __delitem__ = __iadd__ = __imul__ = _refuse
    append = extend = insert = pop = remove = clear = sort = reverse = _refuse

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(json.dumps(self, sort_keys=True, default=str))

    def __reduce__(self):
        return (FrozenList, (list(self),))

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self


def freeze(value: Any) -> Any:
    """A deep read-only copy of a JSON value."""
    if isinstance(value, dict):
        return FrozenDict({k: freeze(v) for k, v in value.items()})
    if isinstance(value, list | tuple):
        return FrozenList(freeze(v) for v in value)
    return value


def thaw(value: Any) -> Any:
    """A deep mutable copy (plain dicts and lists) of a JSON value, frozen or not."""
    if isinstance(value, dict):
        return {k: thaw(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [thaw(v) for v in value]
    return value
