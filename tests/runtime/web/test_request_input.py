"""Request input refused at the boundary: integers in forms and URLs, NUL in parameters."""

import re

from werkzeug.datastructures import MultiDict

from tessera.runtime.web.request_input import (
    INT32_MAX,
    UnsafeInput,
    digits_up_to,
    int_param,
    parse_int,
)


def test_parse_int_takes_ascii_digits_in_range_only():
    assert parse_int(" 42 ") == 42 and parse_int("0") == 0 and parse_int("+7") == 7
    assert parse_int("-3", minimum=-5) == -3
    for text in ("²", "١٢", "abc", "", "1.5", "9" * 30, str(INT32_MAX + 1), "-1", None, 42):
        assert parse_int(text) is None, text


def test_int_param_names_the_parameter():
    values = MultiDict({"page": "²", "per_page": ""})
    assert int_param(values, "per_page", default=50) == 50
    assert int_param(values, "missing", default=1) == 1
    try:
        int_param(values, "page", default=1, minimum=1)
    except UnsafeInput as exc:
        assert exc.code == 400 and exc.field == "page" and exc.kind == "number"
    else:
        raise AssertionError("² is not a page number")


def test_the_route_regex_stops_at_the_bound():
    pattern = re.compile(digits_up_to(INT32_MAX))
    for text in ("0", "7", "2147483647", "999999999", "2147483639"):
        assert pattern.fullmatch(text), text
    for text in ("2147483648", "2147483650", "3000000000", "99999999999", "²", "-1"):
        assert not pattern.fullmatch(text), text
