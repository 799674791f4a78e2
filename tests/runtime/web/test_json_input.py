"""The app's one JSON parser for request bodies: refused input and where it was found."""

import pytest

from tessera.runtime.web.json_input import MAX_DEPTH, UnsafeJSON, loads


def _refused(text: str) -> UnsafeJSON:
    with pytest.raises(UnsafeJSON) as caught:
        loads(text)
    return caught.value


def test_ordinary_documents_parse_as_json_does():
    assert loads('{"fields": {"name": "张三", "size": 800, "tags": ["a"], "ok": true}}') == {
        "fields": {"name": "张三", "size": 800, "tags": ["a"], "ok": True}
    }
    assert loads(b"[1.5, null, -9223372036854775808]") == [1.5, None, -(2**63)]
    assert loads("[" * MAX_DEPTH + "]" * MAX_DEPTH) is not None


def test_deep_nesting_is_refused_without_recursion_error():
    assert "nested" in _refused("[" * 10_000 + "]" * 10_000).reason
    assert "nested" in _refused("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1)).reason
    deep = '{"a": ' * 500 + "1" + "}" * 500
    assert _refused(deep).path.startswith("/a/a/a")


def test_nul_and_lone_surrogates_are_refused_with_their_path():
    error = _refused('{"fields": {"name": "a\\u0000b"}}')
    assert (error.path, error.reason) == ("/fields/name", "contains a NUL character")
    assert _refused('["ok", "\\ud800"]').path == "/1"
    assert "surrogate" in _refused('{"x": ["\\udfff"]}').reason
    assert "member name" in _refused('{"a\\u0000": 1}').reason
    assert loads('"\\ud83d\\ude00"') == "😀"  # a valid pair is fine


def test_numbers_that_cannot_be_stored_are_refused():
    assert "64 bits" in _refused('{"n": 9223372036854775808}').reason
    assert _refused('{"n": -9223372036854775809}').path == "/n"
    for text in ("[NaN]", "[Infinity]", "[-Infinity]", "[1e400]"):
        _refused(text)


def test_malformed_json_stays_a_value_error():
    with pytest.raises(ValueError):
        loads("{not json")
