"""The record list page's query at 10,000 and 1,000,000 leads, on SQLite and PostgreSQL.

What the list page runs for one page (``lists.query.list_page``: 50 rows, the total count, a
filter from the condition builder, a sort, the reader's row scope) is timed as an admin and
as a rep, for a few list states, at ``--small`` and ``--large`` leads; the table prints the
milliseconds and the large/small ratio (targets: ≤ 3× and < 200 ms at 1,000,000).

Run: ``.venv/bin/python -m bench.bench_list [--small 10000] [--large 1000000] [--no-sqlite]
[--no-pg] [--url URL]``. ``--url`` names a PostgreSQL server whose ``postgres`` database is
reachable (default ``TESSERA_TEST_PG_URL``); databases are made there and dropped after.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

from tessera.runtime import clock
from tessera.runtime.auth.scope import scope_for
from tessera.runtime.auth.users import create_user, find_user
from tessera.runtime.catalog import AppCatalog
from tessera.runtime.database import make_engine
from tessera.runtime.lists.query import list_page
from tessera.runtime.lists.state import ListState
from tessera.runtime.lookups import widget_context
from tessera.runtime.sample_data import BRANDS, GIVEN, PLACES, SUFFIX, SURNAMES
from tessera.runtime.setup import initialize
from tessera.runtime.store.records import RecordStore

BATCH = 20_000
REPS = 20
STAGES = ["new", "contacted", "qualified", "proposal", "negotiation", "won", "lost", "invalid"]
STATES = {
    "stage = contacted, newest first": ListState(
        filter={"field": "stage", "op": "eq", "value": "contacted"}, sort=(("created_at", True),)
    ),
    "industry in 2, by score": ListState(
        filter={"field": "industry", "op": "in", "value": ["finance", "education"]},
        sort=(("score", True),),
    ),
    "stage = new, by name (pinyin)": ListState(
        filter={"field": "stage", "op": "eq", "value": "new"}, sort=(("name", False),)
    ),
}


def fill(engine, n: int) -> None:
    """The demo app (no sample records) and ``n`` generated leads, 90% owned by 20 reps."""
    initialize(engine, demo=True, admin_email="bench@example.com", admin_password="bench-pw")
    with engine.begin() as conn:
        for i in range(REPS):
            create_user(conn, email=f"rep{i}@example.com", password="bench-pw", role="sales")
        reps = [find_user(conn, f"rep{i}@example.com").id for i in range(REPS)]
        form = AppCatalog().get(conn, "leads").form("lead")
    rng, now = random.Random(2026), clock.now()
    industries = list(SUFFIX)
    for start in range(0, n, BATCH):
        rows = []
        for i in range(min(BATCH, n - start)):
            (surname, _), (given, _) = rng.choice(SURNAMES), rng.choice(GIVEN)
            (brand, _), (_, city) = rng.choice(BRANDS), rng.choice(PLACES)
            industry = rng.choice(industries)
            at = now - dt.timedelta(minutes=n - start - i)
            rows.append(
                {
                    "created_at": at,
                    "updated_at": at,
                    "name": surname + given,
                    "company": f"{city}{brand}{rng.randrange(1000)}{SUFFIX[industry]}",
                    "industry": industry,
                    "owner": rng.choice(reps) if rng.random() < 0.9 else None,
                    "stage": rng.choice(STAGES),
                    "score": rng.randrange(100),
                }
            )
        with engine.begin() as conn:
            conn.execute(form.table.insert(), rows)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        name = form.table.name
        conn.exec_driver_sql(
            f"VACUUM ANALYZE {name}" if engine.dialect.name == "postgresql" else "ANALYZE"
        )


def timed(fn, repeat: int = 5) -> float:
    """The median of ``repeat`` runs, in ms, after one warm-up."""
    fn()
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs) * 1000


def measure(engine) -> dict:
    """``{(state, who): (ms, total)}`` of the list page's query."""
    out = {}
    with engine.connect() as conn:
        app = AppCatalog().get(conn, "leads")
        form = app.form("lead")
        for who, email in (("admin", "bench@example.com"), ("rep", "rep0@example.com")):
            user = find_user(conn, email)
            ctx = widget_context(conn, app, locale="zh_CN", timezone="Asia/Shanghai", user=user)
            store = RecordStore(conn, form, scope=scope_for(user, form))
            for name, state in STATES.items():

                def page(state=state, store=store, ctx=ctx, user=user):
                    return list_page(store, state, ctx, user_id=user.id, page=1, per_page=50)

                total = page().total
                out[(name, who)] = (timed(page), total)
    return out


def run(label: str, make_url, sizes) -> None:
    results = {}
    for n in sizes:
        url, drop = make_url(n)
        engine = make_engine(url)
        try:
            started = time.perf_counter()
            fill(engine, n)
            print(f"{label}: {n} leads filled in {time.perf_counter() - started:.0f} s", flush=True)
            results[n] = measure(engine)
        finally:
            engine.dispose()
            drop()
    small, large = sizes
    print(f"\n{label}: list page (50 rows, filter, sort, total)")
    print(f"{'state':34} {'who':6} {small:>9} ms {large:>9} ms {'ratio':>7}")
    for key in results[small]:
        a, b = results[small][key][0], results[large][key][0]
        print(f"{key[0]:34} {key[1]:6} {a:12.1f} {b:12.1f} {b / a:7.2f}")
    print(flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--large", type=int, default=1_000_000)
    parser.add_argument("--url", default=os.environ.get("TESSERA_TEST_PG_URL"))
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--no-pg", action="store_true")
    args = parser.parse_args()
    sizes = (args.small, args.large)
    if not args.no_sqlite:
        folder = Path(tempfile.mkdtemp(prefix="bench-list-"))

        def sqlite_url(n):
            path = folder / f"list-{n}.db"
            return f"sqlite:///{path}", lambda: path.unlink(missing_ok=True)

        run("SQLite", sqlite_url, sizes)
    if not args.no_pg and args.url:
        admin = sa.create_engine(
            args.url.replace("postgresql://", "postgresql+psycopg://", 1),
            isolation_level="AUTOCOMMIT",
        )

        def pg_url(n):
            name = f"bench_list_{n}_{os.getpid()}"
            with admin.connect() as conn:
                conn.exec_driver_sql(f"CREATE DATABASE {name}")

            def drop():
                with admin.connect() as conn:
                    conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

            return args.url.rsplit("/", 1)[0] + "/" + name, drop

        run("PostgreSQL", pg_url, sizes)


if __name__ == "__main__":
    main()
