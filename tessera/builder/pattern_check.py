"""Regular expressions in a document (a text field's ``pattern`` here; ``matches`` operands
through the condition checker, with the same words) are checked at save: a pattern RE2 cannot run in linear time (backreferences, lookaround) is
refused here, with its path, rather than discovered on a record (``tessera/patterns.py``)."""

from __future__ import annotations

from typing import Any

from tessera.builder.errors import DocumentError
from tessera.patterns import PatternError, compile_pattern


def pattern_problem(path: str, pattern: Any) -> DocumentError | None:
    """The problem with ``pattern`` at ``path``, or None when RE2 (and PostgreSQL) can run it.

    Example::

        pattern_problem("/rules/0/when/value", "(a)\\\\1").message
        # 'This regular expression cannot be used: backreferences (\\1 …) are not supported.'
    """
    try:
        compile_pattern(pattern)
    except PatternError as exc:
        return DocumentError(
            path,
            f"This regular expression cannot be used: {exc.message}.",
            f"此正则表达式无法使用：{exc.message_zh}。",
            code="bad_pattern",
        )
    return None
