"""Where a request may send the browser next: a path on this site, never another one.

``next`` values come from the request (``/login?next=…``, the language switch), so anyone
can craft them. Browsers are lenient: they drop tabs and line breaks anywhere in a URL, strip
leading spaces and control characters, and read ``\\`` as ``/``; so ``/\\t/evil.example`` or
``/\\evil.example`` reach ``//evil.example``, another site. Only a plain absolute path passes.
"""

from __future__ import annotations

import unicodedata
from urllib.parse import urlsplit

MAX_TARGET = 2000


def is_local_path(target) -> bool:
    """Whether ``target`` is an absolute path on this site that every browser reads as such.

    Example::

        is_local_path("/a/leads/lead?page=2")  # True
        is_local_path("/\\t/evil.example")      # False
    """
    if not isinstance(target, str) or not target or len(target) > MAX_TARGET:
        return False
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return False
    # Controls, invisible format characters and any kind of space: browsers drop or
    # reinterpret some of them, and no path this app links to contains one.
    if any(unicodedata.category(char)[0] in "CZ" for char in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


def safe_next(target, fallback: str) -> str:
    """``target`` when it is a local path (:func:`is_local_path`), else ``fallback``.

    Example::

        redirect(safe_next(request.args.get("next"), url_for("workspace.home")), code=303)
    """
    return target if is_local_path(target) else fallback
