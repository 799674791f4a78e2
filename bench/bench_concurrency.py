"""A busy office against one server: 16 concurrent clients for 20 s mixing API list reads,
API creates, PATCHes and public form submissions (JSON), while a designer publishes a draft
change halfway through, on
the SQLite default and then on PostgreSQL. Prints requests/s per kind, 5xx, p50/p99, and the
SQLite/PostgreSQL throughput ratio; then checks that every acknowledged create and
submission is stored.

The server runs in a child process (the threaded server ``tessera serve`` uses), so the
clients' threads do not share its interpreter. PostgreSQL: ``--pg-url`` or
``TESSERA_TEST_PG_URL`` (a new database is created there), else a throwaway server is started
(``tests/support/postgres.py``).

Run: ``.venv/bin/python -m bench.bench_concurrency [--seconds 20] [--clients 16] [--no-pg]``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

from tessera.runtime.auth.tokens import create_token
from tessera.runtime.auth.users import find_user
from tessera.runtime.catalog import AppCatalog
from tessera.runtime.config import Settings
from tessera.runtime.database import make_engine
from tessera.runtime.setup import initialize
from tests.support import postgres
from tests.support.databases import PgDatabases
from tests.support.load import WEIGHTS, MixedRun, call, run_mixed
from tests.support.postgres import free_port

ADMIN = "bench@example.com"
KINDS = [name for name, _ in WEIGHTS] + ["publish"]


def serve(database_url: str, port: int, instance: str) -> None:
    """Child mode: the app on ``port`` with capture rate limits raised (the load comes from
    one address), until killed."""
    import logging

    from werkzeug.serving import make_server

    from tessera.runtime.web.app import create_app

    settings = Settings.from_env(
        instance_path=Path(instance), database_url=database_url, secret_key="bench"
    )
    app = create_app(settings)
    app.config.update(CAPTURE_IP_LIMIT=10**9, CAPTURE_LINK_LIMIT=10**9, CAPTURE_MIN_FILL_S=0)
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no access log line per request
    make_server("127.0.0.1", port, app, threaded=True).serve_forever()


def prepare(database_url: str) -> str:
    """Install the demo with an admin on a migrated database; return the admin's token."""
    engine = make_engine(database_url)
    try:
        initialize(engine, demo=True, admin_email=ADMIN, admin_password="bench-pass-42")
        with engine.begin() as conn:
            return create_token(conn, find_user(conn, ADMIN).id)
    finally:
        engine.dispose()


def stored_leads(database_url: str) -> set[int]:
    engine = make_engine(database_url)
    try:
        with engine.connect() as conn:
            table = AppCatalog().get(conn, "leads").form("lead").table
            query = sa.select(table.c.id).where(table.c.deleted_at.is_(None))
            return set(conn.execute(query).scalars())
    finally:
        engine.dispose()


def measure(database_url: str, *, seconds: float, clients: int, tmp: Path) -> MixedRun:
    """One run against a fresh server process on ``database_url``."""
    token = prepare(database_url)
    port = free_port()
    child = subprocess.Popen(
        [sys.executable, "-m", "bench.bench_concurrency", "--serve", database_url, str(port)],
        cwd=Path(__file__).resolve().parent.parent,
        env={**os.environ, "TESSERA_INSTANCE_PATH": str(tmp / "instance")},
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                call(url, "GET", "/login", timeout=2)
                break
            except OSError:
                time.sleep(0.05)
        link = call(
            url,
            "POST",
            "/api/v1/apps/leads/links",
            json_body={"form": "lead", "source": "website"},
            token=token,
        )
        assert link.status == 201, link.body
        before = stored_leads(database_url)
        run = run_mixed(url, token=token, slug=link.body["slug"], seconds=seconds, clients=clients)
    finally:
        child.terminate()
        child.wait(timeout=30)
    after = stored_leads(database_url)
    run.lost = len(set(run.created_ids) - after) + max(
        0, len(run.created_ids) + run.submitted - len(after - before)
    )
    return run


def print_table(runs: dict[str, MixedRun], clients: int) -> None:
    """Per engine and kind: requests, req/s, 5xx, other refusals, p50/p99 (ms)."""
    print(
        f"\n{clients} concurrent clients, mixed load ({', '.join(f'{k} {w}%' for k, w in WEIGHTS)}; 1 publish)"
    )
    head = f"{'engine':11} {'kind':8} {'requests':>9} {'req/s':>8} {'5xx':>5} {'other':>6} {'p50 ms':>8} {'p99 ms':>8}"
    print(head)
    print("-" * len(head))
    for engine, run in runs.items():
        total = 0
        for kind in KINDS:
            stats = run.kinds[kind]
            total += stats.count
            other = sum(1 for s in stats.statuses if s < 500 and s not in (200, 201))
            print(
                f"{engine:11} {kind:8} {stats.count:9d} {stats.count / run.seconds:8.1f} "
                f"{stats.server_errors:5d} {other:6d} {stats.percentile(50) * 1e3:8.1f} "
                f"{stats.percentile(99) * 1e3:8.1f}"
            )
        print(
            f"{engine:11} {'all':8} {total:9d} {total / run.seconds:8.1f} "
            f"{run.server_errors:5d} {'':6} {'':8} {'':8}   lost: {run.lost}"
        )
    if len(runs) == 2:
        sqlite, pg = (sum(k.count for k in r.kinds.values()) / r.seconds for r in runs.values())
        print(f"\nthroughput SQLite / PostgreSQL: {sqlite / pg:.2f}×")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--pg-url", default=os.environ.get("TESSERA_TEST_PG_URL"))
    parser.add_argument("--no-pg", action="store_true")
    parser.add_argument("--serve", nargs=2, metavar=("URL", "PORT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve[0], int(args.serve[1]), os.environ["TESSERA_INSTANCE_PATH"])
        return
    runs: dict[str, MixedRun] = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        sqlite_url = f"sqlite:///{tmp / 'bench.db'}"
        runs["SQLite"] = measure(sqlite_url, seconds=args.seconds, clients=args.clients, tmp=tmp)
        if not args.no_pg:
            base_dir = None
            server_url = args.pg_url
            if not server_url:
                base_dir = postgres.new_base_dir()
                server_url = postgres.start(base_dir)
            databases = PgDatabases(server_url)
            pg_url = databases.create(prefix="bench")
            try:
                runs["PostgreSQL"] = measure(
                    pg_url, seconds=args.seconds, clients=args.clients, tmp=tmp
                )
            finally:
                databases.drop(pg_url)
                databases.dispose()
                if base_dir is not None:
                    postgres.stop(base_dir)
    print_table(runs, args.clients)


if __name__ == "__main__":
    main()
