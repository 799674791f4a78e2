"""The error an impossible edit raises (an unknown field, a duplicate key …)."""

from __future__ import annotations


class EditError(ValueError):
    """An edit that cannot be applied to the document; nothing was changed.

    Example::

        raise EditError("the form has no field «x»", "表单中没有字段「x」")
    """

    def __init__(self, message: str, message_zh: str):
        super().__init__(message)
        self.message = message
        self.message_zh = message_zh

    def text(self, locale: str = "en") -> str:
        """The message in ``locale`` (``en…`` gives English, anything else zh-CN)."""
        return self.message if locale.startswith("en") else self.message_zh
