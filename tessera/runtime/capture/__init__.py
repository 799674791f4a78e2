"""Lead capture: public links and their QR codes, exactly-once submissions, anti-spam,
duplicate detection and merging, and bulk import (docs/capture.md)."""

from tessera.runtime.capture.links import Link, LinkError, create_link, get_link, link_url
from tessera.runtime.capture.submissions import SubmitResult, submit

__all__ = ["Link", "LinkError", "SubmitResult", "create_link", "get_link", "link_url", "submit"]
