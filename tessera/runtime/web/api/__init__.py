"""REST API v1 (CONTRACT.md): bearer tokens, the user's scope on every call, JSON errors."""

from tessera.runtime.web.api import apps, design, records  # noqa: F401  (views register on bp)
from tessera.runtime.web.api.common import bp

__all__ = ["bp"]
