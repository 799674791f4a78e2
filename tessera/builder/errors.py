"""Errors found in a design document: where (a JSON pointer) and what (in zh-CN and English)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


def pointer(*parts: str | int) -> str:
    """A JSON pointer (RFC 6901) from path parts.

    Example::

        pointer("forms", 0, "sections", 1)  # "/forms/0/sections/1"
    """
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


@dataclass(frozen=True)
class DocumentError:
    """One problem in a document.

    ``path`` is a JSON pointer to the offending member (``""`` is the whole document),
    ``message`` an English sentence and ``message_zh`` its zh-CN wording, both written for
    the business user who designed the app; ``code`` is a stable machine key.

    Example::

        DocumentError("/forms/0/key", "Two forms use the key «lead».", "…", code="duplicate_key")
    """

    path: str
    message: str
    message_zh: str
    code: str = "invalid"

    def text(self, locale: str = "en") -> str:
        """The message in ``locale`` (``en…`` gives English, anything else zh-CN)."""
        return self.message if locale.startswith("en") else self.message_zh

    def __str__(self) -> str:
        return f"{self.path or '/'}: {self.message}"


class InvalidDocument(ValueError):
    """A document failed validation; ``errors`` lists every problem found, not just the first.

    Example::

        try:
            check_app_document(doc)
        except InvalidDocument as exc:
            for error in exc.errors:
                print(error.path, error.text("zh-CN"))
    """

    def __init__(self, errors: Iterable[DocumentError]):
        self.errors: tuple[DocumentError, ...] = tuple(errors)
        lines = [str(e) for e in self.errors[:10]]
        if len(self.errors) > 10:
            lines.append(f"… and {len(self.errors) - 10} more")
        super().__init__(f"{len(self.errors)} problem(s) in the document:\n" + "\n".join(lines))
