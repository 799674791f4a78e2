"""The one error of the condition language: what is wrong (English and zh-CN, for the
business user who wrote the condition), where (a JSON pointer) and a stable code."""

from __future__ import annotations


class ConditionError(ValueError):
    """A condition that cannot be compiled; ``path`` is a JSON pointer into the document.

    ``code`` is one of ``shape``, ``too_deep``, ``unknown_field``, ``self_reference``,
    ``unknown_operator``, ``unsupported_operator``, ``needs_form``, ``bad_value``,
    ``bad_pattern``, ``different_kinds``, ``not_in_page``.

    Example::

        ConditionError("unknown field", path="/all/0/field", message_zh="…", code="unknown_field")
    """

    def __init__(
        self, message: str, *, path: str = "", message_zh: str | None = None, code: str = "shape"
    ):
        super().__init__(f"{path}: {message}" if path else message)
        self.message = message
        self.message_zh = message_zh or message
        self.path = path
        self.code = code

    def text(self, locale: str = "en") -> str:
        """The message in ``locale`` (``en…`` gives English, anything else zh-CN)."""
        return self.message if locale.startswith("en") else self.message_zh

    def under(self, prefix: str) -> ConditionError:
        """The same error with its path inside a document at ``prefix``."""
        return ConditionError(
            self.message, path=prefix + self.path, message_zh=self.message_zh, code=self.code
        )
