"""Request input refused at the boundary, in one place for the whole app.

- :class:`TesseraRequest`: JSON bodies parsed by :mod:`.json_input` (a refused body is a 400
  naming where), and body-size limits per endpoint (the import upload may be large while
  every other form keeps the small app-wide limit; the limit applies before anything, CSRF
  included, reads the body).
- ``<int:…>`` in routes is :class:`BoundedIntConverter`: an id past the column range (32-bit
  INTEGER on PostgreSQL) matches no route, so it is a 404 and never reaches the database.
- :func:`parse_int` / :func:`int_param`: integers typed into forms and query strings, ASCII
  digits only (``"²".isdigit()`` is true, ``int("²")`` fails), range-checked.
- :func:`refuse_unsafe_params`: a NUL in the URL path, the query string, a posted form or an
  uploaded file's name is refused with a 400 naming the parameter (PostgreSQL cannot store
  NUL in text).
"""

from __future__ import annotations

import re

from flask import Request, current_app, request
from werkzeug.exceptions import BadRequest
from werkzeug.routing import IntegerConverter

from tessera.runtime.web.json_input import UNSAFE_CHARS, UnsafeJSON, unsafe_text_reason

INT32_MAX = 2**31 - 1  # record, user, job ids: INTEGER columns (32-bit on PostgreSQL)
_INTEGER = re.compile(r"[+-]?[0-9]{1,12}")
BODY_LIMITS = "TESSERA_BODY_LIMITS"  # app.config: {endpoint: bytes}
FIELD_LIMITS = "TESSERA_FIELD_LIMITS"  # app.config: {endpoint: bytes of one form field}
FORM_CHECK_SKIPPED = ("public.",)  # public posts carry their own smaller limit (see below)


class UnsafeInput(BadRequest):
    """A 400 that names the parameter or JSON member refused and why; ``kind`` (``text``,
    ``number`` or ``json``) picks the translated sentence pages show."""

    def __init__(self, field: str, reason: str, *, kind: str = "text"):
        super().__init__(f"{field}: {reason}")
        self.field, self.reason, self.kind = field, reason, kind


class TesseraRequest(Request):
    """The app's request class (see the module docstring)."""

    @property
    def max_content_length(self) -> int | None:
        """The view's own limit, else the endpoint's from ``TESSERA_BODY_LIMITS``, else
        ``MAX_CONTENT_LENGTH``."""
        if self._max_content_length is not None:
            return self._max_content_length
        if not current_app:
            return None
        limits = current_app.config.get(BODY_LIMITS) or {}
        if self.endpoint in limits:
            return limits[self.endpoint]
        return current_app.config["MAX_CONTENT_LENGTH"]

    @property
    def max_form_memory_size(self) -> int | None:
        """The endpoint's limit of one form field from ``TESSERA_FIELD_LIMITS`` (a view that
        reads a large field itself and answers with a message that names it), else Flask's."""
        if self._max_form_memory_size is None and current_app:
            limits = current_app.config.get(FIELD_LIMITS) or {}
            if self.endpoint in limits:
                return limits[self.endpoint]
        return super().max_form_memory_size

    @max_form_memory_size.setter
    def max_form_memory_size(self, value: int | None) -> None:
        self._max_form_memory_size = value

    @max_content_length.setter
    def max_content_length(self, value: int | None) -> None:
        self._max_content_length = value

    def on_json_loading_failed(self, e: ValueError | None):
        """A 400 that says what is wrong with the body (Flask's says nothing outside debug)."""
        if isinstance(e, UnsafeJSON):
            raise UnsafeInput(e.path, e.reason, kind="json")
        if e is None:
            return super().on_json_loading_failed(e)  # 415: not sent as JSON
        raise BadRequest(f"the body is not valid JSON: {str(e)[:200]}")


class BoundedIntConverter(IntegerConverter):
    """``<int:…>`` limited to 0…2³¹−1 (``<int(max=…):…>`` for another bound).

    The bound is in the converter's regex, not only in its validation: a path that matched a
    rule's regex but failed validation would make werkzeug answer 405 for a PATCH or DELETE
    (the GET rule of the same path «matched»), where the truth is that nothing is there.
    """

    def __init__(self, map, fixed_digits=0, min=None, max=INT32_MAX, signed=False):
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)
        if not fixed_digits and not signed and max is not None:
            self.regex = digits_up_to(max)


def digits_up_to(limit: int) -> str:
    """A regex matching the ASCII decimal numbers from 0 to ``limit`` (leading zeros allowed
    up to ``limit``'s length).

    Example::

        digits_up_to(255)  # "(?:[0-9]{1,2}|[0-1][0-9]{2}|2[0-4][0-9]{1}|25[0-4][0-9]{0}|255)"
    """
    digits = str(limit)
    parts = [f"[0-9]{{1,{len(digits) - 1}}}"] if len(digits) > 1 else []
    for i, digit in enumerate(digits):
        if digit != "0":
            parts.append(f"{digits[:i]}[0-{int(digit) - 1}][0-9]{{{len(digits) - i - 1}}}")
    parts.append(digits)
    return "(?:" + "|".join(parts) + ")"


def parse_int(text, *, minimum: int = 0, maximum: int = INT32_MAX) -> int | None:
    """The integer ``text`` spells in ASCII digits (optional sign, surrounding spaces) when
    it lies in ``minimum…maximum``; else None.

    Example::

        parse_int(" 42 ")  # 42
        parse_int("²"), parse_int("9" * 30), parse_int("-1")  # None, None, None
    """
    if not isinstance(text, str) or not _INTEGER.fullmatch(text.strip()):
        return None
    number = int(text.strip())
    return number if minimum <= number <= maximum else None


def int_param(
    values, name: str, *, default: int | None, minimum: int = 0, maximum: int = INT32_MAX
) -> int | None:
    """``values[name]`` (a query string or posted form) as an integer; ``default`` when absent
    or empty; a 400 naming ``name`` when it is not a whole number in range.

    Example::

        page = int_param(request.args, "page", default=1, minimum=1)
    """
    raw = values.get(name)
    if raw is None or not str(raw).strip():
        return default
    number = parse_int(raw, minimum=minimum, maximum=maximum)
    if number is None:
        raise UnsafeInput(
            name, f"must be a whole number from {minimum} to {maximum}", kind="number"
        )
    return number


def refuse_unsafe_params() -> None:
    """``before_request``: refuse a NUL in path parameters, the query string and form fields.

    Forms posted to the public blueprint are left to their view: it sets the public form's
    small body limit first, and every value goes through the widgets, which refuse NUL with
    a message beside the field.
    """
    for name, value in (request.view_args or {}).items():
        _check(name, value)
    for name, value in request.args.items(multi=True):
        _check(name, value)
    if request.method in ("GET", "HEAD", "OPTIONS") or request.mimetype not in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        return
    if (request.endpoint or "").startswith(FORM_CHECK_SKIPPED):
        return
    for name, value in request.form.items(multi=True):
        _check(name, value)
    for name, upload in request.files.items(multi=True):
        _check(name, upload.filename)  # a file's name is text the app keeps, too


def _check(name: str, value) -> None:
    for text in (name, value):
        reason = unsafe_text_reason(text) if isinstance(text, str) else None
        if reason:
            raise UnsafeInput(UNSAFE_CHARS.sub("?", name)[:60], reason)


def install(app) -> None:
    """Use the request class, the bounded ``int`` converter and the NUL check in ``app``
    (before any blueprint is registered, so every ``<int:…>`` rule is bounded)."""
    app.request_class = TesseraRequest
    app.url_map.converters["int"] = BoundedIntConverter
    app.config.setdefault(BODY_LIMITS, {})
    app.config.setdefault(FIELD_LIMITS, {})
    app.before_request(refuse_unsafe_params)
