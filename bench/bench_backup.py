"""Backup and restore of an instance with many leads, SQLite → PostgreSQL and back, checking
the data is identical; prints rows per second of each step.

Run: ``.venv/bin/python -m bench.bench_backup --pg postgresql+psycopg://… [--leads 100000]``
(the PostgreSQL database must be empty).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

from tessera.runtime.catalog import AppCatalog
from tessera.runtime.database import make_engine
from tessera.runtime.portability.backup import write_backup
from tessera.runtime.portability.restore import restore_backup
from tessera.runtime.setup import initialize
from tessera.runtime.store.records import RecordStore


def fill(engine, leads: int) -> None:
    initialize(engine, demo=True, admin_email="bench@example.com", admin_password="bench-pass")
    with engine.begin() as conn:
        form = AppCatalog().get(conn, "leads").form("lead")
        store = RecordStore(conn, form)
        for start in range(0, leads, 5000):
            rows = [
                {
                    "name": f"客户{i}",
                    "company": f"公司{i % 997}",
                    "company_size": i % 2000,
                    "city": "杭州",
                }
                for i in range(start, min(start + 5000, leads))
            ]
            store.create_many(rows, payloads=[{"via": "import"}] * len(rows))


def digest(engine) -> tuple:
    with engine.connect() as conn:
        count, total, names = conn.execute(
            sa.text("SELECT COUNT(*), SUM(company_size), COUNT(DISTINCT name) FROM r_leads__lead")
        ).one()
    return int(count), int(total or 0), int(names)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pg", required=True, help="an empty PostgreSQL database URL")
    parser.add_argument("--leads", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        sqlite = make_engine(f"sqlite:///{Path(tmp) / 'source.db'}")
        start = time.perf_counter()
        fill(sqlite, args.leads)
        print(f"filled {args.leads} leads in {time.perf_counter() - start:.1f} s")
        path = Path(tmp) / "backup.gz"
        start = time.perf_counter()
        counts = write_backup(sqlite, path)
        rows = sum(counts.values())
        took = time.perf_counter() - start
        print(
            f"backup  (SQLite): {rows} rows in {took:.1f} s, {rows / took:,.0f} rows/s, {path.stat().st_size / 1e6:.1f} MB"
        )
        pg = make_engine(args.pg)
        start = time.perf_counter()
        restore_backup(pg, path)
        took = time.perf_counter() - start
        print(f"restore (PostgreSQL): {took:.1f} s, {rows / took:,.0f} rows/s")
        assert digest(pg) == digest(sqlite), (digest(pg), digest(sqlite))
        print(f"identical: {digest(pg)} (count, sum of company sizes, distinct names)")


if __name__ == "__main__":
    main()
