"""People's regular expressions run on RE2: linear time, and what RE2 cannot run is refused
with a reason (tessera/patterns.py)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tessera.patterns import (
    PatternError,
    compile_pattern,
    pattern_fullmatch,
    pattern_search,
    pattern_searcher,
)
from tests.support.deadline import deadline

HOSTILE_NAME = "a" * 27 + "!"  # issue 9: held the server 11 s under Python's re


def test_a_catastrophic_pattern_answers_at_once():
    compiled = compile_pattern("(a+)+$")
    assert type(compiled).__module__.startswith("re2"), "the engine is RE2"
    with deadline(5):
        assert pattern_search(compiled, "a" * 5000 + "!") is False
        assert pattern_search(compiled, HOSTILE_NAME) is False
        assert pattern_search(compiled, "xaaa") is True


@pytest.mark.parametrize(
    ("pattern", "words"),
    [
        (r"(a)\1", "backreferences"),
        (r"(?=a)a", "lookahead"),
        (r"(?<!x)a", "lookbehind"),
        ("a{256}", "above 255"),
        ("a{2,300}", "above 255"),
        ("(", "not a valid regular expression"),
        ("", "1–500 characters"),
        ("a" * 501, "1–500 characters"),
        ("a\x00", "NUL"),
        ("\ud800", "not valid text"),
        (None, "1–500 characters"),
    ],
)
def test_patterns_re2_or_postgresql_cannot_run_are_refused_with_a_reason(pattern, words):
    with pytest.raises(PatternError) as exc:
        compile_pattern(pattern)
    assert words in exc.value.message
    assert exc.value.message_zh


@pytest.mark.parametrize("pattern", ["a{255}", r"\{300}", "[{]300}", "(?i)^ab", "总监|经理"])
def test_ordinary_patterns_compile(pattern):
    assert compile_pattern(pattern) is not None


def test_search_and_fullmatch_follow_re_semantics_on_any_text():
    assert pattern_search(compile_pattern("总监"), "销售总监")
    assert pattern_search(compile_pattern("(?i)^ab"), "ABC")
    assert not pattern_fullmatch(compile_pattern("ab"), "abc")
    assert pattern_fullmatch(compile_pattern(r"\d{6}"), "330100")
    assert pattern_search(compile_pattern("^a"), "a\ud800"), "a lone surrogate does not raise"


@given(
    pattern=st.sampled_from(["总监", "(?i)^ab", "^$", "a.b", "(a+)+$", "@(qq|163)\\.com$", "x*"]),
    text=st.one_of(st.text(max_size=12), st.sampled_from(["", "ab\n", "a\ud800b", "li@qq.com"])),
)
def test_the_fast_searcher_answers_as_search(pattern, text):
    compiled = compile_pattern(pattern)
    assert pattern_searcher(compiled)(text) is pattern_search(compiled, text)
