"""Import a generated 100,000-row CSV (1% bad rows) into the lead form and print rows/s and
peak memory (max RSS of the process). Runs against a fresh SQLite file unless
``--database-url`` is given. ``--trace-memory`` also reports the peak of Python allocations
(tracemalloc), which slows the import down about twofold, so rows/s is then not comparable.

    .venv/bin/python bench/bench_import.py [--rows 100000] [--database-url URL] [--trace-memory]
"""

from __future__ import annotations

import argparse
import csv
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402

from tessera.builder.templates import load_template  # noqa: E402
from tessera.runtime import publishing  # noqa: E402
from tessera.runtime.capture import import_worker, importer  # noqa: E402
from tessera.runtime.database import make_engine  # noqa: E402
from tessera.runtime.migrate import upgrade  # noqa: E402
from tessera.runtime.tables import capture_import_jobs  # noqa: E402

INDUSTRIES = ["制造业", "金融", "教育", "互联网", "零售"]


def write_csv(path: Path, rows: int) -> int:
    """Write ``rows`` leads; every 100th has a bad phone. Returns the number of bad rows."""
    bad = 0
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["姓名", "手机", "邮箱", "公司名称", "职位", "行业"])
        for i in range(rows):
            phone = f"139{i:08d}"
            if i % 100 == 99:
                phone, bad = "not-a-phone", bad + 1
            writer.writerow(
                [
                    f"客户{i}",
                    phone,
                    f"user{i}@corp{i % 997}.cn",
                    f"公司{i}",
                    "经理",
                    INDUSTRIES[i % 5],
                ]
            )
    return bad


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--database-url")
    parser.add_argument("--trace-memory", action="store_true")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="tessera-bench-"))
    url = args.database_url or f"sqlite:///{workdir / 'bench.db'}"
    engine = make_engine(url)
    upgrade(engine)
    with engine.begin() as conn:
        publishing.create_app(conn, load_template("leads"))
        publishing.publish(conn, "leads")
    path = workdir / "leads.csv"
    bad = write_csv(path, args.rows)
    with engine.begin() as conn:
        headers = next(importer.read_rows(path, "csv"))[1]
        from tessera.runtime.catalog import AppCatalog

        form = AppCatalog().get(conn, "leads").form("lead")
        mapping = importer.guess_mapping(form, headers)
        job_id = importer.create_job(
            conn,
            app_key="leads",
            form_key="lead",
            filename=path.name,
            path=path,
            mapping=mapping,
            total_rows=args.rows,
            actor_id=None,
        )
    if args.trace_memory:
        tracemalloc.start()
    started = time.perf_counter()
    import_worker.run_import(engine, job_id, locale="zh_CN", timezone="Asia/Shanghai")
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] if args.trace_memory else None
    tracemalloc.stop()
    with engine.connect() as conn:
        job = conn.execute(sa.select(capture_import_jobs)).one()
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"rows: {args.rows} ({bad} bad) mapping: {mapping}")
    print(f"created {job.created_count}, merged {job.merged_count}, rejected {job.rejected_count}")
    print(f"time: {elapsed:.1f} s — {args.rows / elapsed:,.0f} rows/s")
    print(f"peak memory (max RSS): {rss_mb:.0f} MB")
    if peak is not None:
        print(f"peak Python memory (tracemalloc): {peak / 1e6:.1f} MB")
    assert job.status == "done" and job.rejected_count == bad, job
    assert job.created_count + job.merged_count == args.rows - bad


if __name__ == "__main__":
    main()
