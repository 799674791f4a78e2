"""REST API v1 (CONTRACT.md): bearer tokens, the user's scope on every call, JSON errors."""

# Each module registers its views on the shared blueprint when imported.
from tessera.runtime.web.api import apps, design, events, links, records  # noqa: F401
from tessera.runtime.web.api.common import bp

__all__ = ["bp"]
