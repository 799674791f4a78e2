"""Regenerate the automation screenshots in this folder.

    .venv/bin/python docs/screenshots/take_flows.py

A throw-away instance with the demo app: a hot lead (title, company size, a webinar and a
pricing-page visit) reaches 80, the hand-off and distribution flows run, and Chromium takes

- ``automations.png`` — the app's automations, 1280×800;
- ``flow_run.png`` — one run's steps, 1280×800;
- ``lead_automations_phone.png`` — the lead's page on a 390×844 phone, its automations.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402

from tessera.runtime.config import Settings  # noqa: E402
from tessera.runtime.database import make_engine  # noqa: E402
from tessera.runtime.flows.runner import run_due  # noqa: E402
from tessera.runtime.tables import flow_runs  # noqa: E402
from tests.support.browser import CONTEXT_OPTIONS, launch_chromium  # noqa: E402
from tests.support.demo import PASSWORD, bearer, create_record, demo_app  # noqa: E402
from tests.support.live_server import LiveServer  # noqa: E402

HOT = {
    "name": "陈思远",
    "title": "销售总监",
    "company": "杭州云帆智能制造",
    "company_size": 900,
    "industry": "manufacturing",
    "email": "chen.siyuan@yunfan-mfg.com",
    "province": "浙江省",
    "city": "杭州市",
    "est_amount": 320000,
}


def main() -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings.from_env(
            instance_path=Path(tmp), database_url=f"sqlite:///{tmp}/t.db", secret_key="shots"
        )
        server = LiveServer()
        settings.base_url = server.url
        app = demo_app(settings, users={"li.lei@example.com": "sales"})
        server.serve(app)
        record_id = create_record(app, "lead", HOT)
        for event in (
            {"type": "webinar_attended"},
            {"type": "page_view", "props": {"page": "pricing"}},
        ):
            body = {"app": "leads", "form": "lead", "record_id": record_id, **event}
            app.test_client().post("/api/v1/events", json=body, headers=bearer(app))
        engine = make_engine(settings.database_url)
        run_due(engine)
        with engine.connect() as conn:
            run_id = conn.execute(
                sa.select(flow_runs.c.id).where(flow_runs.c.flow_key == "distribution")
            ).scalar_one()
        with sync_playwright() as p:
            browser = launch_chromium(p)
            for name, path, viewport in (
                ("automations.png", "/flows/leads", {"width": 1280, "height": 800}),
                ("flow_run.png", f"/flows/leads/runs/{run_id}", {"width": 1280, "height": 800}),
                (
                    "lead_automations_phone.png",
                    f"/a/leads/lead/{record_id}#automations",
                    {"width": 390, "height": 844},
                ),
            ):
                context = browser.new_context(**{**CONTEXT_OPTIONS, "viewport": viewport})
                page = context.new_page()
                page.goto(server.url + "/login")
                page.fill("input[name=email]", "admin@example.com")
                page.fill("input[name=password]", PASSWORD)
                page.press("input[name=password]", "Enter")
                page.wait_for_load_state()
                page.goto(server.url + path)
                page.screenshot(path=str(OUT / name))
                context.close()
            browser.close()
        server.stop()
        engine.dispose()


if __name__ == "__main__":
    main()
