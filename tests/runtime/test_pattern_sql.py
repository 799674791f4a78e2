"""People's patterns inside SQL are bounded: SQLite's REGEXP runs RE2, PostgreSQL's ``~`` runs
under a statement time limit (tessera/runtime/pattern_sql.py)."""

import pytest
import sqlalchemy as sa

from tessera.runtime.database import make_engine
from tessera.runtime.pattern_sql import UserPatternError, UserPatternMatch, install_pattern_engine
from tests.support.deadline import deadline

HOSTILE = "a" * 27 + "!"
# RE2 accepts it; PostgreSQL 15 compiles it for more than 30 s, even against ''.
SLOW_ON_POSTGRESQL = "(((a|b)*){30}){30}c"


def test_sqlite_regexp_is_re2(sqlite_engine):
    with sqlite_engine.connect() as conn, deadline(5):
        # \z exists in RE2, not in Python 3.11's re (which raised «bad escape»).
        assert conn.exec_driver_sql(r"SELECT 'ab' REGEXP 'b\z'").scalar() == 1
        assert conn.exec_driver_sql("SELECT ? REGEXP '(a+)+$'", (HOSTILE,)).scalar() == 0
        assert conn.exec_driver_sql("SELECT NULL REGEXP 'a'").scalar() is None


def test_a_user_pattern_answers_on_both_databases(engine):
    query = sa.select(
        UserPatternMatch(sa.literal(HOSTILE), "(a+)+$"),
        UserPatternMatch(sa.literal("xaaa"), "(a+)+$"),
        sa.not_(UserPatternMatch(sa.literal("销售总监"), "总监$")),
    )
    with engine.connect() as conn, deadline(5):
        assert tuple(conn.execute(query).one()) == (False, True, False)


def test_postgresql_statements_with_a_user_pattern_carry_the_time_limit(pg_db_url):
    engine = make_engine(pg_db_url)
    limit = sa.func.current_setting("statement_timeout")
    with engine.connect() as conn:
        with_pattern = conn.execute(sa.select(limit, UserPatternMatch(sa.literal("a"), "a"))).one()
        without = conn.execute(sa.select(limit)).scalar()
    engine.dispose()
    assert with_pattern[0] == "10s" and with_pattern[1] is True
    assert without == "0", "the limit is put back after the statement"


def test_postgresql_gives_up_on_a_slow_pattern_with_a_clear_error(pg_db_url):
    engine = sa.create_engine(pg_db_url.replace("postgresql://", "postgresql+psycopg://", 1))
    install_pattern_engine(engine, timeout_ms=300)
    try:
        with engine.connect() as conn:
            with pytest.raises(UserPatternError, match="took longer than 300 ms"):
                conn.execute(sa.select(UserPatternMatch(sa.literal(""), SLOW_ON_POSTGRESQL)))
            conn.rollback()
            with pytest.raises(UserPatternError, match="PostgreSQL cannot run"):
                conn.execute(sa.select(UserPatternMatch(sa.literal("ab"), r"b\z")))
            conn.rollback()
            assert conn.exec_driver_sql("SHOW statement_timeout").scalar() == "0"
            assert conn.execute(sa.select(UserPatternMatch(sa.literal("ab"), "b$"))).scalar()
    finally:
        engine.dispose()
