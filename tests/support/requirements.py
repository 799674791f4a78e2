"""The skip-or-fail rule for optional test infrastructure (CONTRACT.md, "Set-up").

Tests needing Chromium or PostgreSQL skip with a clear reason when those are absent, unless
``TESSERA_REQUIRE_BROWSER=1`` / ``TESSERA_REQUIRE_PG=1`` is set (CI sets both): then the
absence is an error, so a CI run can never turn green by silently skipping them.
"""

from __future__ import annotations

import os
from typing import NoReturn

import pytest

REQUIRE_ENV = {"pg": "TESSERA_REQUIRE_PG", "browser": "TESSERA_REQUIRE_BROWSER"}


def is_required(kind: str) -> bool:
    """Whether the environment demands ``kind`` (``"pg"`` or ``"browser"``) be present."""
    return os.environ.get(REQUIRE_ENV[kind], "").strip().lower() in ("1", "true", "yes")


def require_or_skip(kind: str, reason: str) -> NoReturn:
    """Skip the current test because ``kind`` is missing, or fail it when that kind is required.

    Example::

        if not Path("/usr/bin/chromium").exists():
            require_or_skip("browser", "Chromium not found at /usr/bin/chromium")
    """
    variable = REQUIRE_ENV[kind]
    if is_required(kind):
        pytest.fail(f"{reason} ({variable}=1, so this is a failure, not a skip)", pytrace=False)
    pytest.skip(f"{reason} (set {variable}=1 to make this a failure)")
