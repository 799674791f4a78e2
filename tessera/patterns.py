"""Regular expressions that people write (a ``matches`` operand, a text field's ``pattern``),
run by RE2 in time linear in the text.

Python's ``re`` backtracks: ``(a+)+$`` against 27 «a» and a «!» takes seconds, and a worker
holds the GIL meanwhile. RE2 never backtracks; what it cannot run in linear time
(backreferences, lookaround) it refuses to compile, so such patterns are refused when a
document or a condition is saved, with a message saying why.

PostgreSQL runs the same patterns with its own engine (``~``), which accepts at most 255
repetitions (``{256}`` is an error there): patterns stay within that too, so a pattern that
passes here is valid on every database. (PostgreSQL's engine can still be slow on some
patterns RE2 accepts; statements carrying one run under a time limit, see
``tessera/runtime/database.py``.)
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import re2

MAX_PATTERN = 500
MAX_REPEAT = 255  # PostgreSQL's limit (RE2 allows 1000)

_OPTIONS = re2.Options()
_OPTIONS.log_errors = False  # errors become PatternError messages, not lines on stderr


class PatternError(ValueError):
    """A pattern we will not run; ``message`` (English) and ``message_zh`` say why.

    Example::

        PatternError("backreferences (\\\\1) are not supported", "不支持反向引用（\\\\1）")
    """

    def __init__(self, message: str, message_zh: str):
        super().__init__(message)
        self.message, self.message_zh = message, message_zh


def compile_pattern(text) -> re2._Regexp:
    """``text`` compiled by RE2, or :class:`PatternError` saying what is not supported.

    Example::

        compile_pattern("@(qq|163)\\\\.com$").search("li@qq.com")
    """
    if not isinstance(text, str) or not text or len(text) > MAX_PATTERN:
        raise PatternError(
            f"a regular expression needs 1–{MAX_PATTERN} characters",
            f"正则表达式需为 1–{MAX_PATTERN} 个字符",
        )
    return _compile(text)


@functools.lru_cache(maxsize=512)
def _compile(text: str) -> re2._Regexp:
    if "\x00" in text:
        raise PatternError(
            "a regular expression cannot contain a NUL character", "正则表达式不能包含 NUL 字符"
        )
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise PatternError(
            "the regular expression is not valid text", "正则表达式不是有效的文本"
        ) from None
    try:
        compiled = re2.compile(text, _OPTIONS)
    except re2.error as exc:
        raise _explain(exc) from None
    _check_repeats(text)
    return compiled


def _explain(exc) -> PatternError:
    detail = exc.args[0] if exc.args else b""
    detail = detail.decode("utf-8", "replace") if isinstance(detail, bytes) else str(detail)
    if detail.startswith("invalid perl operator: (?") and any(
        look in detail for look in ("(?=", "(?!", "(?<=", "(?<!")
    ):
        return PatternError(
            "lookahead and lookbehind ((?=, (?!, (?<=, (?<!) are not supported",
            "不支持前瞻和后顾断言（(?=、(?!、(?<=、(?<!）",
        )
    if detail.startswith("invalid escape sequence: \\") and detail[-1:].isdigit():
        return PatternError("backreferences (\\1 …) are not supported", "不支持反向引用（\\1 等）")
    if "too large" in detail or "repetition size" in detail:
        return PatternError(
            f"the regular expression repeats too much ({detail})",
            f"正则表达式的重复次数过多（{detail}）",
        )
    return PatternError(
        f"not a valid regular expression: {detail}", f"不是有效的正则表达式：{detail}"
    )


def _check_repeats(text: str) -> None:
    """Refuse ``{n}`` / ``{n,m}`` counts above :data:`MAX_REPEAT` (outside ``[…]``, unescaped)."""
    i, in_class = 0, False
    while i < len(text):
        char = text[i]
        if char == "\\":
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            if text[i + 1 : i + 2] == "]":  # «[]…]»: a leading ] is a literal
                i += 1
        elif char == "{":
            end = text.find("}", i)
            counts = text[i + 1 : end].split(",") if end > i else []
            if any(_count(c) > MAX_REPEAT for c in counts):
                raise PatternError(
                    f"repetition counts above {MAX_REPEAT} are not supported",
                    f"重复次数不能超过 {MAX_REPEAT}",
                )
        i += 1


def _count(text: str) -> int:
    text = text.strip()
    return int(text) if text.isascii() and text.isdigit() else 0


def pattern_search(compiled: re2._Regexp, text: str) -> bool:
    """Whether ``compiled`` matches somewhere in ``text`` (``re.search`` semantics).

    Text is passed as UTF-8 bytes (lone surrogates kept as such) so no stored value can
    make the search raise.

    Example::

        pattern_search(compile_pattern("总监"), "销售总监")  # True
    """
    return compiled.search(text.encode("utf-8", "surrogatepass")) is not None


def pattern_searcher(compiled: re2._Regexp) -> Callable[[str], bool]:
    """``search(text) -> bool``: :func:`pattern_search` for one pattern, for hot loops.

    ``_Regexp.search`` builds a generator and a match object to answer a yes/no question
    (about 1.2 µs a call, measured); asking the RE2 object for the span of the first match
    takes about 0.7 µs. Same engine, same answer: no match is the span ``(-1, -1)``.

    Example::

        is_free_mail = pattern_searcher(compile_pattern("@(qq|163)\\.com$"))
        is_free_mail("li@qq.com")  # True
    """
    match = getattr(getattr(compiled, "_regexp", None), "Match", None)
    anchor = getattr(getattr(re2, "_Anchor", None), "UNANCHORED", None)
    if match is None or anchor is None:  # another binding version: the public call
        return lambda text: pattern_search(compiled, text)

    def search(text: str) -> bool:
        data = text.encode("utf-8", "surrogatepass")
        return match(anchor, data, 0, len(data))[0][0] != -1

    return search


def pattern_fullmatch(compiled: re2._Regexp, text: str) -> bool:
    """Whether ``compiled`` matches the whole of ``text`` (``re.fullmatch`` semantics)."""
    return compiled.fullmatch(text.encode("utf-8", "surrogatepass")) is not None
