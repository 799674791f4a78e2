"""The scoring functions generated from a model agree with the model interpreted rule by rule
(tests/runtime/scoring/oracle.py) and with its SQL, for every registered operator, on SQLite
and PostgreSQL; and document text never becomes code."""

import ast
import datetime as dt
import re

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tessera.conditions import EvalEnv, Event, FormSchema
from tessera.conditions.env import utc
from tessera.conditions.operators import operator_registry
from tessera.conditions.sql import SqlScope
from tessera.runtime import clock
from tessera.runtime.condition_env import PLATFORM_TABLES
from tessera.runtime.lookups import widget_context
from tessera.runtime.scoring import compile_model
from tessera.runtime.tables import events
from tessera.widgets import widget_registry
from tests.conditions.agreement_app import STAGES, install_world
from tests.conditions.test_agreement import DAYS, NOW, PATTERNS, WORDS, record_values
from tests.runtime.scoring.oracle import InterpretedModel

EXAMPLES_PER_OPERATOR = 30
DAY = dt.timedelta(days=1)
# Days before NOW: on and either side of the 7- and 30-day windows and the 30-day decay;
# -1 is an event stamped in the future.
EVENT_DAYS = [-1, 0, 6, 7, 8, 29, 30, 31]
CREATED_DAYS = [0, 29, 30, 31, 45]


def _c(field, op, value=None):
    return {"field": field, "op": op, **({} if value is None else {"value": value})}


def comparisons(user_ids, account_ids) -> dict:
    """For every operator key, a strategy of comparisons using it on the fields it accepts."""
    num = st.sampled_from([0, 100, 500, 800])
    iso_date = st.integers(-40, 40).map(lambda d: (NOW + d * DAY).date().isoformat())
    iso_instant = st.integers(-40 * 24, 40 * 24).map(
        lambda h: (NOW + dt.timedelta(hours=h)).isoformat()
    )
    words, day = st.sampled_from(WORDS), st.sampled_from(DAYS)
    numeric = st.sampled_from(["size", "amount"])
    kinds = st.lists(st.sampled_from(["a", "b", "c"]), min_size=1, max_size=2)
    stages = st.lists(st.sampled_from(STAGES), min_size=1, max_size=2)
    items = st.one_of(
        st.tuples(st.just("tags"), st.lists(st.sampled_from(["vip", "expo", "new"]), min_size=1)),
        st.tuples(st.just("multi"), st.lists(st.sampled_from(["x", "y", "z"]), min_size=1)),
    )

    def equality(op):
        return st.one_of(
            st.builds(_c, st.just("name"), st.just(op), words),
            numbers(op),
            st.builds(_c, st.just("seen"), st.just(op), iso_date),
            st.builds(_c, st.just("at"), st.just(op), iso_instant),
            st.builds(_c, st.just("kind"), st.just(op), st.sampled_from(["a", "b", "C"])),
            st.builds(_c, st.just("stage"), st.just(op), st.sampled_from(STAGES)),
            st.builds(_c, st.just("owner"), st.just(op), st.sampled_from(user_ids)),
            st.builds(_c, st.just("account"), st.just(op), st.sampled_from(account_ids[:2])),
        )

    def numbers(op):  # a number or money field against a value, or size against rank
        return st.one_of(
            st.builds(_c, numeric, st.just(op), num), st.just(_c("size", op, {"field": "rank"}))
        )

    def dated(op):
        return st.one_of(
            st.builds(_c, st.just("seen"), st.just(op), iso_date),
            st.builds(_c, st.just("at"), st.just(op), iso_instant),
        )

    def texts(op):
        return st.builds(_c, st.just("name"), st.just(op), words)

    def listed(op):
        return items.map(lambda fv: _c(fv[0], op, fv[1]))

    def window(op):
        return st.builds(_c, st.sampled_from(["seen", "at"]), st.just(op), day)

    def empty(op):
        return st.builds(
            _c, st.sampled_from(["name", "size", "seen", "at", "tags", "owner"]), st.just(op)
        )

    linked = st.sampled_from(
        [
            {"field": "region", "op": "eq", "value": "n"},
            {"not": {"field": "size", "op": "gt", "value": 100}},
        ]
    )
    return {
        "eq": st.one_of(equality("eq"), st.builds(_c, st.just("ok"), st.just("eq"), st.booleans())),
        "ne": equality("ne"),
        "lt": numbers("lt"),
        "le": numbers("le"),
        "gt": numbers("gt"),
        "ge": numbers("ge"),
        "before": dated("before"),
        "after": dated("after"),
        "between": st.one_of(
            st.builds(_c, numeric, st.just("between"), st.lists(num, min_size=2, max_size=2)),
            st.builds(
                _c, st.just("seen"), st.just("between"), st.lists(iso_date, min_size=2, max_size=2)
            ),
            st.builds(
                _c, st.just("at"), st.just("between"), st.lists(iso_instant, min_size=2, max_size=2)
            ),
        ),
        "contains": texts("contains"),
        "contains_any": st.builds(
            _c, st.just("name"), st.just("contains_any"), st.lists(words, min_size=1, max_size=3)
        ),
        "starts_with": texts("starts_with"),
        "matches": st.one_of(
            st.builds(_c, st.just("name"), st.just("matches"), st.sampled_from(PATTERNS)),
            st.builds(_c, st.just("account"), st.just("matches"), linked),
        ),
        "has_any": listed("has_any"),
        "has_all": listed("has_all"),
        "in": st.one_of(
            st.builds(_c, st.just("kind"), st.just("in"), kinds),
            st.builds(_c, st.just("stage"), st.just("in"), stages),
        ),
        "not_in": st.one_of(
            st.builds(_c, st.just("kind"), st.just("not_in"), kinds),
            st.builds(_c, st.just("stage"), st.just("not_in"), stages),
            listed("not_in"),
        ),
        "before_stage": st.builds(
            _c, st.just("stage"), st.just("before_stage"), st.sampled_from(STAGES)
        ),
        "after_stage": st.builds(
            _c, st.just("stage"), st.just("after_stage"), st.sampled_from(STAGES)
        ),
        "within_last_days": window("within_last_days"),
        "more_than_days_ago": window("more_than_days_ago"),
        "is_me": st.just(_c("owner", "is_me")),
        "in_team": st.builds(
            _c,
            st.just("owner"),
            st.just("in_team"),
            st.sampled_from([["east"], ["west"], ["east", "west"]]),
        ),
        "is_empty": empty("is_empty"),
        "is_not_empty": empty("is_not_empty"),
    }


def models(focus, other):
    """Scoring documents built around comparisons ``focus``: in a tier (a group split in two
    runs), negated, inside any/all, next to event rules with windows and caps, two decays,
    grade bands and a threshold."""
    points = st.integers(-20, 40)
    cap = st.sampled_from([None, 1, 2])
    within = st.sampled_from([None, 7, 30])
    where = st.sampled_from(
        [
            [{"prop": "page", "op": "in", "value": ["pricing", "solution"]}],
            [{"prop": "page", "op": "is_empty"}],
            [{"prop": "page", "op": "ne", "value": "blog"}],
            [{"prop": "page", "op": "starts_with", "value": "PRI"}],
        ]
    )

    def build(f1, f2, o1, o2, p, caps, windows, wheres, decay_days, bands, hot):
        rules = [
            {"key": "a0", "when": f1, "points": p[0], "group": "tier"},
            {"key": "a1", "when": o1, "points": p[1], "group": "tier"},
            {"key": "a2", "when": {"not": f2}, "points": p[2]},
            {"key": "a3", "when": {"any": [f2, o2]}, "points": p[3], "group": "solo"},
            {"key": "a4", "when": {"all": [f1, o1]}, "points": p[4], "group": "tier"},
            {"key": "a5", "when": f2, "points": p[5]},
            {
                "key": "e0",
                "event": {"type": "page_view", "where": wheres[0], "within_days": windows[0]},
                "max_times": caps[0],
                "points": p[6],
            },
            {
                "key": "e1",
                "event": {"type": "page_view", "within_days": windows[1]},
                "max_times": caps[1],
                "points": p[7],
            },
            {"key": "e2", "event": {"type": "download", "where": wheres[1]}, "points": p[8]},
            {  # any interaction (type *) within a window
                "key": "e3",
                "event": {"type": "*", "where": wheres[0], "within_days": windows[1]},
                "max_times": caps[1],
                "points": p[3],
            },
        ]
        high, low = sorted(bands, reverse=True)
        return {
            "version": 1,
            "rules": rules,
            "decay": [
                {"key": "d0", "inactive_days": 30, "points": -10},
                {"key": "d1", "inactive_days": decay_days, "points": p[9]},
            ],
            "grades": [
                {"grade": "A", "min": high},
                {"grade": "B", "min": low},
                {"grade": "C", "min": None},
            ],
            "thresholds": [{"key": "hot", "min": hot}],
        }

    return st.builds(
        build,
        focus,
        focus,
        other,
        other,
        st.lists(points, min_size=10, max_size=10),
        st.lists(cap, min_size=2, max_size=2),
        st.lists(within, min_size=2, max_size=2),
        st.lists(where, min_size=2, max_size=2),
        st.sampled_from([7, 29, 30, 31]),
        st.lists(st.integers(0, 60), min_size=2, max_size=2),
        st.integers(-10, 60),
    )


event_lists = st.lists(
    st.tuples(
        st.sampled_from(["page_view", "download", "email_clicked"]),
        st.sampled_from([None, "pricing", "solution", "blog", "", "Pricing-2"]),
        st.sampled_from(EVENT_DAYS),
    ),
    max_size=4,
)


def _insert(conn, form, records, created, event_rows) -> list[int]:
    table = form.table
    conn.execute(events.delete())
    conn.execute(table.delete())
    ids = []
    for values, days, evs in zip(records, created, event_rows, strict=False):
        at = NOW - days * DAY
        rid = conn.execute(
            table.insert().values(created_at=at, updated_at=at, **values)
        ).inserted_primary_key[0]
        ids.append(rid)
        for type_, page, ago in evs:
            conn.execute(
                events.insert().values(
                    app_key="agree",
                    form_key="item",
                    record_id=rid,
                    type=type_,
                    props={} if page is None else {"page": page},
                    occurred_at=NOW - ago * DAY,
                    created_at=NOW,
                )
            )
    return ids


def _check(conn, app, doc, records, created, event_rows, user_id):
    form = app.form("item")
    ctx = widget_context(conn, app, locale="en", timezone="Asia/Shanghai")
    model = compile_model(doc, schema=FormSchema.of_deployed(form), ctx=ctx)
    oracle = InterpretedModel(model)
    _insert(conn, form, records, created, event_rows)
    env_args = {
        "now": NOW,
        "tables": PLATFORM_TABLES,
        "user_id": user_id,
        "conn": conn,
        "app_key": "agree",
        "linked_tables": lambda k: app.form(k).table,
    }
    table = form.table
    scope = SqlScope(form, EvalEnv(**env_args))
    in_sql = dict(conn.execute(sa.select(table.c.id, model.sql_score(scope))).all())
    keys = [f.key for f in form.spec.fields]
    for row in conn.execute(sa.select(table)):
        m = row._mapping
        evs = tuple(
            Event(e.type, e.props, utc(e.occurred_at))
            for e in conn.execute(sa.select(events).where(events.c.record_id == m["id"]))
        )
        env = EvalEnv(events=evs, **env_args)
        values = {k: m[k] for k in keys}
        expected = oracle.explain(values, env, m["created_at"])
        got = model.explain(values, env, created_at=m["created_at"])
        assert got == expected, (doc, values, evs)
        assert model.score(values, env, created_at=m["created_at"]) == expected.score
        assert oracle.score(values, env, m["created_at"]) == expected.score
        assert in_sql[m["id"]] == expected.score, (doc, values, evs)
        assert model.grade_for(expected.score) == expected.grade


@pytest.fixture
def world(engine):
    return (engine, *install_world(engine, now=NOW))


@pytest.mark.parametrize("op", operator_registry.keys())
def test_generated_scoring_agrees_with_the_rules_and_sql(world, op):
    engine, app, user_ids, account_ids = world
    every = comparisons(user_ids, account_ids)
    assert set(every) == set(operator_registry.keys()), "give each new operator a strategy here"
    focus, other = every[op], st.one_of(*every.values())

    @settings(
        max_examples=EXAMPLES_PER_OPERATOR,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(
        doc=models(focus, other),
        records=st.lists(record_values(user_ids, account_ids), min_size=1, max_size=4),
        created=st.lists(st.sampled_from(CREATED_DAYS), min_size=4, max_size=4),
        event_rows=st.lists(event_lists, min_size=4, max_size=4),
        user_id=st.sampled_from([None, *user_ids]),
    )
    def run(doc, records, created, event_rows, user_id):
        with clock.frozen_at(NOW), engine.connect() as conn:
            try:
                _check(conn, app, doc, records, created, event_rows, user_id)
            finally:
                conn.rollback()

    run()


@given(
    lows=st.lists(st.one_of(st.none(), st.integers(-50, 150)), min_size=0, max_size=5),
    score=st.integers(-100, 200),
)
def test_generated_grade_bands_take_the_first_band_reached(lows, score):
    doc = {
        "version": 1,
        "rules": [],
        "grades": [{"grade": f"G{i}", "min": m} for i, m in enumerate(lows)],
    }
    model = compile_model(doc, schema=FormSchema("f", {}))
    assert model.grade_for(score) == InterpretedModel(model).grade(score)


HOSTILE = [
    "x'); __import__('os').system('touch pwned'); ('",
    'x"\n__import__("os").system("touch pwned")\n#',
    "\\'; raise SystemExit #",
    "}}{{'''\"\"\"\u2028\r\x00",
]
# The only names and attributes generated code may use: its own locals and constants, a
# few builtins, and the members of values, events and env it reads.
GENERATED_NAME = re.compile(
    r"(values|env|created_at|total|fired|grade|reached|score|now|last|at|event|kind|props|idle"
    r"|times|_p|_K|_build|explain|[cvtusgnd]\d+|isinstance|str|list|tuple|len)$"
)
ATTRIBUTES = {"get", "lower", "startswith", "isdisjoint", "issubset", "now", "events"}
ATTRIBUTES |= {"occurred_at", "type", "props", "user_id", "append", "tzinfo"}


def test_hostile_keys_and_values_stay_data():
    text, number = widget_registry.get("text"), widget_registry.get("number")
    key, size = HOSTILE[0], HOSTILE[1]
    schema = FormSchema("f", {key: (text, {}), size: (number, {})})
    doc = {
        "version": 1,
        "score_field": HOSTILE[2],
        "rules": [
            {
                "key": HOSTILE[1],
                "label": {"en": HOSTILE[3]},
                "points": 3,
                "when": {"field": key, "op": "contains", "value": HOSTILE[2]},
            },
            {
                "key": HOSTILE[2],
                "points": 5,
                "group": HOSTILE[3],
                "when": {"field": key, "op": "contains_any", "value": [HOSTILE[1], HOSTILE[3]]},
            },
            {
                "key": HOSTILE[3],
                "points": 7,
                "when": {
                    "any": [
                        {"field": key, "op": "starts_with", "value": HOSTILE[0]},
                        {"field": size, "op": "gt", "value": 1},
                    ]
                },
            },
            {
                "key": HOSTILE[0],
                "points": 11,
                "max_times": 2,
                "event": {
                    "type": HOSTILE[0],
                    "within_days": 3,
                    "where": [{"prop": HOSTILE[1], "op": "eq", "value": HOSTILE[2]}],
                },
            },
        ],
        "decay": [{"key": HOSTILE[1], "inactive_days": 5, "points": -1}],
        "grades": [{"grade": HOSTILE[1], "min": 20}, {"grade": HOSTILE[0], "min": None}],
        "thresholds": [{"key": HOSTILE[3], "min": 10}],
    }
    model = compile_model(doc, schema=schema)
    tree = ast.parse(model.source)
    names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    assert all(GENERATED_NAME.match(name) for name in names), names
    attributes = {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
    assert attributes <= ATTRIBUTES, attributes
    constants = {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)}
    assert {key, size, HOSTILE[0]} <= constants  # the field keys and the event type, as data

    event = Event(HOSTILE[0], {HOSTILE[1]: HOSTILE[2]}, NOW - DAY)
    env = EvalEnv(now=NOW, events=(event, event, event))
    values = {key: HOSTILE[0] + HOSTILE[2] + HOSTILE[3], size: 2}
    got = model.explain(values, env, created_at=NOW - 9 * DAY)
    assert got == InterpretedModel(model).explain(values, env, NOW - 9 * DAY)
    assert [f.key for f in got.fired] == [HOSTILE[1], HOSTILE[2], HOSTILE[3], HOSTILE[0]]
    assert (got.score, got.grade, got.thresholds) == (3 + 5 + 7 + 22, HOSTILE[1], (HOSTILE[3],))
    assert model.score({}, EvalEnv(now=NOW), created_at=NOW - 9 * DAY) == -1
