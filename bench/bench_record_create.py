"""Creating leads through the runtime's pipeline vs a hand-written INSERT, in one run.

Prints ratios against the baseline measured in the same run (machines here are noisy):
the pipeline (widget normalize + validate + insert + timeline entry) per record, against a
bare ``INSERT`` of already-clean values. Run: ``.venv/bin/python -m bench.bench_record_create``.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

from tessera.runtime import clock
from tessera.runtime.catalog import AppCatalog
from tessera.runtime.database import make_engine
from tessera.runtime.forms.values import clean_values
from tessera.runtime.setup import initialize
from tessera.runtime.store.records import RecordStore
from tessera.widgets import WidgetContext

RAW = {
    "name": "张伟",
    "phone": "138 0013 8000",
    "email": "zhang.wei@acme.cn",
    "company": "上海某某制造有限公司",
    "title": "销售总监",
    "company_size": "800",
    "industry": "制造业",
    "province": "浙江",
    "city": "杭州",
    "source": "trade_show",
    "est_amount": "¥500,000",
    "stage": "new",
    "tags": "展会, 华东",
}


def run(n: int, url: str) -> None:
    engine = make_engine(url)
    initialize(engine, demo=True, admin_email="bench@example.com", admin_password="bench-pass")
    with engine.connect() as conn:
        form = AppCatalog().get(conn, "leads").form("lead")
    ctx = WidgetContext()
    with engine.begin() as conn:
        clean = clean_values(form, RAW, ctx, strict_keys=False)

    def baseline():
        with engine.begin() as conn:
            now = clock.now()
            for _ in range(n):
                conn.execute(form.table.insert().values(created_at=now, updated_at=now, **clean))

    def pipeline():
        with engine.begin() as conn:
            store = RecordStore(conn, form)
            for _ in range(n):
                store.create(clean_values(form, RAW, ctx, strict_keys=False))

    def normalize_only():
        for _ in range(n):
            clean_values(form, RAW, ctx, strict_keys=False)

    results = {}
    for name, fn in (
        ("hand-written INSERT", baseline),
        ("normalize + validate only", normalize_only),
        ("pipeline (normalize, insert, timeline)", pipeline),
    ):
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            fn()
            best = min(best, time.perf_counter() - start)
        results[name] = best
    base = results["hand-written INSERT"]
    print(f"{n} leads on {engine.dialect.name}")
    print(f"{'path':42} {'ratio':>7} {'µs/record':>10}")
    for name, seconds in results.items():
        print(f"{name:42} {seconds / base:7.2f} {seconds / n * 1e6:10.1f}")
    with engine.connect() as conn:
        count = conn.execute(sa.select(sa.func.count()).select_from(form.table)).scalar_one()
    assert count == 6 * n, count
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-n", type=int, default=2000)
    parser.add_argument("--url", help="database URL (default: a temporary SQLite file)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        run(args.n, args.url or f"sqlite:///{Path(tmp) / 'bench.db'}")


if __name__ == "__main__":
    main()
