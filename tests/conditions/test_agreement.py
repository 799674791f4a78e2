"""The Python predicate, the generated Python source and the SQL expression of every
generated condition select the same records, on SQLite and PostgreSQL (≥ 500 generated
cases per database); and the page's
evaluator (static/js/forms.js, in Chromium) agrees with the Python predicate on every
generated condition the page can evaluate, over the same records as JSON."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tessera
from tessera.builder import compile_app
from tessera.conditions import EvalEnv, Event, FormSchema, compile_condition
from tessera.conditions.env import utc
from tessera.conditions.source import python_predicate
from tessera.conditions.sql import SqlScope
from tessera.runtime import clock
from tessera.runtime.condition_env import PLATFORM_TABLES
from tessera.runtime.lookups import widget_context
from tessera.runtime.tables import events
from tests.conditions.agreement_app import APP, STAGES, install_world

NOW = dt.datetime(2026, 11, 23, 4, 0, tzinfo=dt.UTC)
EXAMPLES = 520
WORDS = ["a", "B", "ab", "总监", "经理", "%", "_", "x_y"]
PATTERNS = ["^a", "b$", "总监", "a.b", "[ab]{2}", "(?i)^ab", "^$"]
DAYS = [0, 1, 7, 30, 45]

texts = st.one_of(
    st.none(), st.lists(st.sampled_from(WORDS + [" ", "Ab"]), min_size=1, max_size=3).map("".join)
)
numbers = st.sampled_from([None, 0.0, 100.0, 499.5, 500.0, 800.0, -3.0])
moneys = st.sampled_from([None, Decimal("0.00"), Decimal("1000.50"), Decimal("500000.00")])
dates = st.one_of(
    st.none(), st.integers(-60, 60).map(lambda d: (NOW + dt.timedelta(days=d)).date())
)
instants = st.one_of(
    st.none(), st.integers(-60 * 24, 60 * 24).map(lambda h: NOW + dt.timedelta(hours=h))
)


def lists(items):
    return st.one_of(
        st.none(),
        st.just([]),
        st.lists(st.sampled_from(items), min_size=1, max_size=3, unique=True),
    )


def record_values(user_ids, account_ids):
    return st.fixed_dictionaries(
        {
            "name": texts,
            "size": numbers,
            "rank": numbers,
            "amount": moneys,
            "seen": dates,
            "at": instants,
            "kind": st.sampled_from([None, "a", "b", "c"]),
            "stage": st.sampled_from([None, *STAGES]),
            "tags": lists(["vip", "expo", "dormant"]),
            "multi": lists(["x", "y", "z"]),
            "ok": st.sampled_from([None, True, False]),
            "owner": st.sampled_from([None, *user_ids]),
            "account": st.sampled_from([None, *account_ids]),
        }
    )


event_rows = st.lists(
    st.tuples(
        st.sampled_from(["page_view", "download"]),
        st.sampled_from([None, "pricing", "solution", "blog"]),
        st.integers(0, 40),
    ),
    max_size=4,
)


def leaf(user_ids):
    day = st.sampled_from(DAYS)
    iso_date = st.integers(-40, 40).map(lambda d: (NOW + dt.timedelta(days=d)).date().isoformat())
    iso_instant = st.integers(-40 * 24, 40 * 24).map(
        lambda h: (NOW + dt.timedelta(hours=h)).isoformat()
    )
    num = st.sampled_from([0, 100, 500, 800])

    def c(field, op, value=None):
        return {"field": field, "op": op, **({} if value is None else {"value": value})}

    return st.one_of(
        st.builds(
            c,
            st.just("name"),
            st.sampled_from(["eq", "ne", "contains", "starts_with"]),
            st.sampled_from(WORDS),
        ),
        st.builds(
            c,
            st.just("name"),
            st.just("contains_any"),
            st.lists(st.sampled_from(WORDS), min_size=1, max_size=3),
        ),
        st.builds(c, st.just("name"), st.just("matches"), st.sampled_from(PATTERNS)),
        st.builds(
            c,
            st.sampled_from(
                ["name", "size", "seen", "at", "kind", "tags", "multi", "ok", "owner", "account"]
            ),
            st.sampled_from(["is_empty", "is_not_empty"]),
        ),
        st.builds(
            c,
            st.sampled_from(["size", "amount"]),
            st.sampled_from(["eq", "ne", "lt", "le", "gt", "ge"]),
            num,
        ),
        st.builds(
            c,
            st.sampled_from(["size", "amount"]),
            st.just("between"),
            st.lists(num, min_size=2, max_size=2),
        ),
        st.builds(
            lambda op: {"field": "size", "op": op, "value": {"field": "rank"}},
            st.sampled_from(["eq", "ne", "lt", "ge"]),
        ),
        st.builds(c, st.just("seen"), st.sampled_from(["eq", "ne", "before", "after"]), iso_date),
        st.builds(c, st.just("at"), st.sampled_from(["before", "after"]), iso_instant),
        st.builds(
            c,
            st.sampled_from(["seen", "at"]),
            st.sampled_from(["within_last_days", "more_than_days_ago"]),
            day,
        ),
        st.builds(
            c, st.just("seen"), st.just("between"), st.lists(iso_date, min_size=2, max_size=2)
        ),
        st.builds(
            c, st.just("kind"), st.sampled_from(["eq", "ne"]), st.sampled_from(["a", "b", "C"])
        ),
        st.builds(
            c,
            st.just("kind"),
            st.sampled_from(["in", "not_in"]),
            st.lists(st.sampled_from(["a", "b", "c"]), min_size=1, max_size=2),
        ),
        st.builds(
            c,
            st.just("stage"),
            st.sampled_from(["eq", "before_stage", "after_stage"]),
            st.sampled_from(STAGES),
        ),
        st.builds(
            c,
            st.just("tags"),
            st.sampled_from(["has_any", "has_all", "not_in"]),
            st.lists(st.sampled_from(["vip", "expo", "new"]), min_size=1, max_size=2),
        ),
        st.builds(
            c,
            st.just("multi"),
            st.sampled_from(["has_any", "has_all", "not_in"]),
            st.lists(st.sampled_from(["x", "y", "z"]), min_size=1, max_size=2),
        ),
        st.builds(c, st.just("ok"), st.just("eq"), st.booleans()),
        st.builds(c, st.just("owner"), st.sampled_from(["eq", "ne"]), st.sampled_from(user_ids)),
        st.builds(c, st.just("owner"), st.just("is_me")),
        st.builds(
            c,
            st.just("owner"),
            st.just("in_team"),
            st.sampled_from([["east"], ["west"], ["east", "west"]]),
        ),
        st.builds(
            c,
            st.just("account"),
            st.just("matches"),
            st.sampled_from(
                [
                    {"field": "region", "op": "eq", "value": "n"},
                    {"field": "size", "op": "gt", "value": 100},
                    {"not": {"field": "region", "op": "in", "value": ["s"]}},
                ]
            ),
        ),
        st.builds(
            lambda type_, where, days, n: {
                "event": {"type": type_, "where": where, "within_days": days},
                "at_least": n,
            },
            st.sampled_from(["page_view", "download", "*"]),  # *: events of any type
            st.sampled_from(
                [
                    [],
                    [{"prop": "page", "op": "in", "value": ["pricing", "solution"]}],
                    [{"prop": "page", "op": "is_empty"}],
                    [{"prop": "page", "op": "ne", "value": "blog"}],
                ]
            ),
            st.sampled_from([None, 7, 30]),
            st.integers(1, 2),
        ),
    )


def conditions(user_ids):
    return st.recursive(
        leaf(user_ids),
        lambda inner: st.one_of(
            st.builds(lambda cs: {"all": cs}, st.lists(inner, min_size=1, max_size=3)),
            st.builds(lambda cs: {"any": cs}, st.lists(inner, min_size=1, max_size=3)),
            st.builds(lambda c: {"not": c}, inner),
        ),
        max_leaves=5,
    )


@pytest.fixture
def world(engine):
    return (engine, *install_world(engine, now=NOW))


def _check(conn, app, records, event_lists, cond, user_id):
    form = app.form("item")
    table = form.table
    conn.execute(events.delete())
    conn.execute(table.delete())
    for values, evs in zip(records, event_lists, strict=False):
        rid = conn.execute(
            table.insert().values(created_at=NOW, updated_at=NOW, **values)
        ).inserted_primary_key[0]
        for type_, page, days in evs:
            conn.execute(
                events.insert().values(
                    app_key="agree",
                    form_key="item",
                    record_id=rid,
                    type=type_,
                    props={} if page is None else {"page": page},
                    occurred_at=NOW - dt.timedelta(days=days),
                    created_at=NOW,
                )
            )
    ctx = widget_context(conn, app, locale="en", timezone="Asia/Shanghai")
    compiled = compile_condition(cond, schema=FormSchema.of_deployed(form), ctx=ctx)
    generated = python_predicate(compiled)
    env = EvalEnv(
        now=NOW,
        tables=PLATFORM_TABLES,
        user_id=user_id,
        conn=conn,
        app_key="agree",
        linked_tables=lambda k: app.form(k).table,
    )
    in_sql = set(
        conn.execute(sa.select(table.c.id).where(compiled.sql(SqlScope(form, env)))).scalars()
    )
    keys = [f.key for f in form.spec.fields]
    in_python = set()
    for row in conn.execute(sa.select(table)):
        m = row._mapping
        evs = tuple(
            Event(e.type, e.props, utc(e.occurred_at))
            for e in conn.execute(sa.select(events).where(events.c.record_id == m["id"]))
        )
        row_env = EvalEnv(
            now=NOW,
            tables=PLATFORM_TABLES,
            user_id=user_id,
            conn=conn,
            app_key="agree",
            events=evs,
            linked_tables=env.linked_tables,
        )
        values = {k: m[k] for k in keys}
        expected = compiled.predicate(values, row_env)
        assert generated(values, row_env) == expected, (cond, values)
        if expected:
            in_python.add(m["id"])
    assert in_python == in_sql, cond


def test_python_and_sql_agree_on_generated_conditions(world):
    engine, app, user_ids, account_ids = world
    count = 0

    @settings(
        max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    @given(
        records=st.lists(record_values(user_ids, account_ids), min_size=1, max_size=5),
        event_lists=st.lists(event_rows, min_size=5, max_size=5),
        cond=conditions(user_ids),
        user_id=st.sampled_from([None, *user_ids]),
    )
    def run(records, event_lists, cond, user_id):
        nonlocal count
        count += 1
        with clock.frozen_at(NOW), engine.connect() as conn:
            try:
                _check(conn, app, records, event_lists, cond, user_id)
            finally:
                conn.rollback()

    run()
    assert count >= 500


PAGE_EXAMPLES = 900
FORMS_JS = Path(tessera.__file__).parent / "static" / "js" / "forms.js"
PAGE_USERS = [101, 102, 103]
PAGE_ACCOUNTS = [201, 202, 9999]
PAGE_SCHEMA = FormSchema.of(compile_app(APP), "item")


def as_json(value):
    """A stored value as the API and the page read it."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


def test_the_page_agrees_with_python_on_generated_conditions(page):
    cases = []

    @settings(
        max_examples=PAGE_EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(
        records=st.lists(record_values(PAGE_USERS, PAGE_ACCOUNTS), min_size=1, max_size=5),
        cond=conditions(PAGE_USERS),
    )
    def collect(records, cond):
        compiled = compile_condition(cond, schema=PAGE_SCHEMA)
        if compiled.page is None:
            return  # refused for visibility at save: not the page's to evaluate
        env = EvalEnv(now=NOW)
        cases.append(
            {
                "cond": compiled.page,
                "source": cond,
                "values": [{k: as_json(v) for k, v in r.items()} for r in records],
                "expected": [compiled.predicate(r, env) for r in records],
            }
        )

    collect()
    assert len(cases) >= 300, len(cases)
    page.set_content("<!doctype html><html><body></body></html>")
    page.add_script_tag(path=str(FORMS_JS))
    results = page.evaluate(
        "cases => cases.map(c => c.values.map(v => window.TesseraConditions.test(c.cond, v)))",
        [{"cond": c["cond"], "values": c["values"]} for c in cases],
    )
    for case, got in zip(cases, results, strict=True):
        assert got == case["expected"], (case["source"], case["cond"], case["values"])
