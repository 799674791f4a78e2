"""Test helpers shared by the whole suite (fixtures live in ``tests/conftest.py``).

- :mod:`tests.support.requirements` — :func:`require_or_skip`, the skip-or-fail rule;
- :mod:`tests.support.postgres` — a throwaway PostgreSQL server (also used by ``.ci/run``);
- :mod:`tests.support.databases` — fresh SQLite/PostgreSQL databases, empty or migrated;
- :mod:`tests.support.live_server` — a Flask app on a real loopback port;
- :mod:`tests.support.browser` — headless Chromium and failure screenshots.
"""

from tests.support.requirements import is_required, require_or_skip

__all__ = ["is_required", "require_or_skip"]
