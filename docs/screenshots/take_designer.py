"""Regenerate the designer screenshots in this folder.

    .venv/bin/python docs/screenshots/take_designer.py

Like ``take.py``: a throw-away instance with the lead-management demo app, served on a
loopback port and driven with Debian's ``/usr/bin/chromium``:

- ``designer.png`` — the lead form's designer at 1440×900: palette, canvas with a phone field
  just dragged in, and the properties of the «行业» select (options, rules, condition);
- ``designer_phone_preview.png`` — the same designer with the live phone-width preview;
- ``designer_publish.png`` — the app page: what publishing does to stored data, and history.
"""

from __future__ import annotations

import logging
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

from tessera.runtime.config import Settings  # noqa: E402
from tessera.runtime.database import make_engine  # noqa: E402
from tessera.runtime.setup import initialize  # noqa: E402
from tessera.runtime.web.app import create_app  # noqa: E402
from tests.support.browser import CONTEXT_OPTIONS, launch_chromium  # noqa: E402
from tests.support.live_server import LiveServer  # noqa: E402

ADMIN_EMAIL = "admin@example.com"
ADMIN_PASSWORD = "screenshot-pass-2026"


def shoot(page, name: str, **options) -> None:
    path = OUT / name
    page.screenshot(path=str(path), **options)
    print(f"{path.relative_to(ROOT)}  {path.stat().st_size // 1024} KB")


def saved(page, before: int) -> None:
    page.wait_for_selector(f'#designer[data-revision="{before + 1}"]')


def revision(page) -> int:
    return int(page.get_attribute("#designer", "data-revision"))


def main() -> int:
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="tessera-shots-") as tmp:
        instance = Path(tmp) / "instance"
        settings = Settings.from_env(
            instance_path=instance, database_url=f"sqlite:///{instance / 'tessera.db'}", smtp={}
        )
        engine = make_engine(settings.database_url)
        initialize(engine, demo=True, admin_email=ADMIN_EMAIL, admin_password=ADMIN_PASSWORD)
        engine.dispose()
        server = LiveServer()
        settings.base_url = server.url
        app = create_app(settings)
        server.serve(app)
        base = server.url
        try:
            with sync_playwright() as playwright:
                browser = launch_chromium(playwright)
                context = browser.new_context(
                    **{**CONTEXT_OPTIONS, "viewport": {"width": 1440, "height": 900}},
                    device_scale_factor=1,
                )
                page = context.new_page()
                page.goto(base + "/login")
                page.fill("#email", ADMIN_EMAIL)
                page.fill("#password", ADMIN_PASSWORD)
                page.click("form.stack button[type=submit]")
                page.wait_for_url(lambda url: "/login" not in url)
                page.goto(base + "/design/leads/form/lead")
                rev = revision(page)
                page.drag_and_drop(
                    '.palette-item[data-type="phone"]',
                    '.field-card[data-key="email"]',
                    target_position={"x": 8, "y": 6},
                )
                saved(page, rev)
                rev = revision(page)
                page.fill("#prop-label-zh", "办公电话")
                page.fill("#prop-label-en", "Office phone")
                page.check("#prop-required")
                saved(page, rev)
                page.click("#select-industry")
                page.wait_for_selector("#options-list")
                page.evaluate("window.scrollTo(0, 0)")
                shoot(page, "designer.png")

                page.click('[data-preview="phone"]')
                frame = page.frame_locator("#preview-frame")
                frame.locator("form.record-form").wait_for()
                page.locator("#preview").scroll_into_view_if_needed()
                shoot(page, "designer_phone_preview.png")

                page.goto(base + "/design/leads")
                page.fill("#publish-note", "新增办公电话（必填）")
                page.locator("#publish").scroll_into_view_if_needed()
                shoot(page, "designer_publish.png", full_page=True)
                browser.close()
        finally:
            server.stop()
            app.extensions["tessera.engine"].dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
