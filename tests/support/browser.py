"""Headless Chromium (Debian's ``/usr/bin/chromium``) driven by Playwright, and its artefacts."""

from __future__ import annotations

import re
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
CONTEXT_OPTIONS = {
    "viewport": {"width": 1280, "height": 800},
    "locale": "zh-CN",
    "timezone_id": "Asia/Shanghai",
}
ARTIFACTS = Path(__file__).resolve().parent.parent / ".artifacts"


def unavailable_reason() -> str | None:
    """Why no browser can be launched here, or ``None`` when one can."""
    if not CHROMIUM.exists():
        return f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright Python package is not installed (pip install -e '.[test]')"
    return None


def launch_chromium(playwright):
    """Launch headless Chromium from :data:`CHROMIUM` with the flags these machines need."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)


def artifact_path(nodeid: str, suffix: str) -> Path:
    """Where to keep an artefact of test ``nodeid`` (``tests/.artifacts``, never committed)."""
    ARTIFACTS.mkdir(exist_ok=True)
    ignore = ARTIFACTS / ".gitignore"
    if not ignore.exists():
        ignore.write_text("*\n")
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", nodeid).strip("_")[-180:]
    return ARTIFACTS / f"{name}{suffix}"


def save_failure_screenshot(page, nodeid: str) -> Path | None:
    """Save a full-page screenshot of ``page`` for a failed test; ``None`` if that fails too."""
    path = artifact_path(nodeid, ".png")
    try:
        page.screenshot(path=str(path), full_page=True)
    except Exception:  # the page may be closed or crashed; the test's own error matters more
        return None
    return path
