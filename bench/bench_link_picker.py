"""The link-field picker's search on a large lead form, against a plain ``SELECT … LIMIT 20``.

Fills the lead form with generated leads (default 1,000,000; 90% owned by one of 20 reps),
then times the picker's search the way the endpoint runs it (``pick_records``: the
quick-search condition through the store, with the row scope of an admin or of one rep) for
typed text of every kind, each against the plain query in the same run (machines here are
noisy). On PostgreSQL it also times the same searches without the trigram side table
(``store/search_index.py``; SQLite has none), for comparison.

Run: ``.venv/bin/python -m bench.bench_link_picker [-n 1000000] [--sqlite PATH]
[--pg-url URL] [--no-pg] [--keep]``. ``--sqlite`` keeps (and reuses) the file; ``--pg-url``
names a server whose ``postgres`` database is reachable (default ``TESSERA_TEST_PG_URL``): a
database is made there and dropped afterwards unless ``--keep``.
"""

from __future__ import annotations

import argparse
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
from tessera.runtime.forms.search import pick_records, quick_search
from tessera.runtime.lookups import widget_context
from tessera.runtime.sample_data import BRANDS, GIVEN, MOBILE_PREFIXES, PLACES, SUFFIX, SURNAMES
from tessera.runtime.setup import initialize
from tessera.runtime.store.records import RecordStore

BATCH = 10_000
REPS = 20
# (what is typed, what kind of search it is)
SEARCHES = [
    ("", "empty: the newest"),
    ("王", "1 character, common"),
    ("张伟", "2 characters, common"),
    ("伟明", "2 characters, no match"),
    ("杭州星辰", "4 characters, common"),
    ("星辰7智能", "5 characters, rare"),
    ("13800138", "digits, rare"),
    ("不存在的人", "5 characters, no match"),
]


def fill(engine, n: int) -> None:
    """Publish the demo app and add leads until the form holds ``n``."""
    initialize(engine, demo=True, admin_email="bench@example.com", admin_password="bench-pass")
    with engine.begin() as conn:
        for i in range(REPS):
            if find_user(conn, f"rep{i}@example.com") is None:
                create_user(conn, email=f"rep{i}@example.com", password="bench-pass", role="sales")
        reps = [find_user(conn, f"rep{i}@example.com").id for i in range(REPS)]
        form = AppCatalog().get(conn, "leads").form("lead")
        have = conn.execute(sa.select(sa.func.count()).select_from(form.table)).scalar_one()
    rng, now = random.Random(2026), clock.now()
    industries = list(SUFFIX)
    started = time.perf_counter()
    for start in range(have, n, BATCH):
        rows = []
        for _ in range(min(BATCH, n - start)):
            (surname, s_py), (given, g_py) = rng.choice(SURNAMES), rng.choice(GIVEN)
            (brand, b_py), (_, city), industry = (
                rng.choice(BRANDS),
                rng.choice(PLACES),
                rng.choice(industries),
            )
            rows.append(
                {
                    "created_at": now,
                    "updated_at": now,
                    "name": surname + given,
                    "phone": f"+86{rng.choice(MOBILE_PREFIXES)}{rng.randrange(10**8):08d}",
                    "email": f"{s_py}.{g_py}{rng.randrange(1000)}@{b_py}.com.cn",
                    "company": f"{city}{brand}{rng.randrange(1000)}{SUFFIX[industry]}",
                    "industry": industry,
                    "owner": rng.choice(reps) if rng.random() < 0.9 else None,
                    "stage": "new",
                }
            )
        with engine.begin() as conn:
            conn.execute(form.table.insert(), rows)
    if n > have:
        print(f"added {n - have} leads in {time.perf_counter() - started:.0f} s")
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql(f"VACUUM ANALYZE {form.table.name}")


def timed(fn, repeat: int = 5) -> float:
    """The median of ``repeat`` runs, in ms (after one warm-up)."""
    fn()
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs) * 1000


def measure(engine) -> None:
    with engine.connect() as conn:
        app = AppCatalog().get(conn, "leads")
        form, t = app.form("lead"), app.form("lead").table
        total = conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()
        print(f"\n{total} leads on {engine.dialect.name}; search fields {form.spec.search_fields}")
        plain = sa.select(t.c.id, t.c.name).where(t.c.deleted_at.is_(None))
        plain = plain.order_by(t.c.id.desc()).limit(20)
        base = timed(lambda: conn.execute(plain).all())
        print(f"plain SELECT … LIMIT 20: {base:.2f} ms")
        callers = {
            "admin": find_user(conn, "bench@example.com"),
            "rep": find_user(conn, "rep0@example.com"),
        }
        header = f"{'typed':12} {'kind':24} {'who':6} {'found':>5} {'ms':>9} {'ratio':>8}"
        indexed = engine.dialect.name == "postgresql"
        if indexed:
            header += f" {'ms, no index':>13}"
        print(header)
        for q, kind in SEARCHES:
            for who, user in callers.items():
                ctx = widget_context(conn, app, locale="zh_CN", timezone="Asia/Shanghai", user=user)
                store = RecordStore(conn, form, scope=scope_for(user, form))
                found = len(pick_records(store, q, ctx))
                ms = timed(lambda store=store, ctx=ctx, q=q: pick_records(store, q, ctx))
                line = f"{q or '—':12} {kind:24} {who:6} {found:5} {ms:9.2f} {ms / base:8.1f}"
                if indexed and q:
                    where = quick_search(form, q, ctx, form.spec.search_fields)
                    bare = timed(lambda store=store, where=where: store.search(where), repeat=1)
                    line += f" {bare:13.1f}"
                print(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-n", type=int, default=1_000_000)
    parser.add_argument("--sqlite", help="SQLite file to fill (kept, and reused next time)")
    parser.add_argument("--pg-url", default=os.environ.get("TESSERA_TEST_PG_URL"))
    parser.add_argument("--no-pg", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL database")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(args.sqlite or Path(tmp) / "picker.db")
        engine = make_engine(f"sqlite:///{path}")
        fill(engine, args.n)
        measure(engine)
        engine.dispose()
    if args.no_pg or not args.pg_url:
        return
    server = make_engine(args.pg_url.replace("postgresql://", "postgresql+psycopg://", 1))
    name = f"bench_link_picker_{args.n}"
    with server.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        if not conn.exec_driver_sql(f"SELECT 1 FROM pg_database WHERE datname = '{name}'").first():
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = server.url.set(database=name)
    engine = make_engine(url.render_as_string(hide_password=False))
    try:
        fill(engine, args.n)
        measure(engine)
    finally:
        engine.dispose()
        if not args.keep:
            with server.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.exec_driver_sql(f'DROP DATABASE "{name}"')
        server.dispose()


if __name__ == "__main__":
    main()
