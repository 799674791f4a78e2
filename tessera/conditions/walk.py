"""Walking a condition document without compiling it: for callers that set a policy on
which operators a place allows (an API list filter refuses ``matches``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


def comparisons(condition: Any, path: str = "") -> Iterator[tuple[str, dict]]:
    """``(path, comparison)`` for every ``{"field", "op", …}`` inside a condition.

    Example::

        list(comparisons({"not": {"field": "a", "op": "is_empty"}}))
        # [("/not", {"field": "a", "op": "is_empty"})]
    """
    if not isinstance(condition, dict):
        return
    for group in ("all", "any"):
        members = condition.get(group)
        if isinstance(members, list):
            for j, member in enumerate(members):
                yield from comparisons(member, f"{path}/{group}/{j}")
    if "not" in condition:
        yield from comparisons(condition["not"], f"{path}/not")
    if "field" in condition:
        yield path, condition
