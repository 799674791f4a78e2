"""People's regular expressions inside SQL, bounded on both databases.

A ``matches`` condition compiles to
:class:`~tessera.conditions.pattern_match.UserPatternMatch`: ``REGEXP`` on SQLite and ``~``
on PostgreSQL. Only patterns :func:`tessera.patterns.compile_pattern` accepted get here.

- SQLite has no regex engine: it calls a Python function per row. SQLAlchemy's default one
  uses ``re`` (backtracking: one ``(a+)+$`` filter held the server 11 s); ours uses RE2.
- PostgreSQL runs its own engine, and some patterns RE2 accepts still make it slow
  (measured: ``(((a|b)*){30}){30}c`` kept PostgreSQL 15 compiling for more than 30 s, even
  against an empty string). A statement carrying a user pattern therefore runs under
  ``statement_timeout`` (:data:`PATTERN_TIMEOUT_MS` unless the session already has a limit);
  when it fires, or PostgreSQL refuses the pattern, callers get :class:`UserPatternError`.
"""

from __future__ import annotations

import sqlalchemy as sa

from tessera.conditions.pattern_match import CARRIES_USER_PATTERN, UserPatternMatch
from tessera.patterns import PatternError, compile_pattern, pattern_search

__all__ = ["PATTERN_TIMEOUT_MS", "UserPatternError", "UserPatternMatch", "install_pattern_engine"]

PATTERN_TIMEOUT_MS = 10_000


class UserPatternError(Exception):
    """A statement with a user's pattern ran too long on PostgreSQL, or PostgreSQL refused it."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def install_pattern_engine(engine: sa.Engine, *, timeout_ms: int = PATTERN_TIMEOUT_MS) -> None:
    """SQLite: REGEXP runs RE2. PostgreSQL: statements carrying a user pattern are time-bound.

    Example::

        install_pattern_engine(make_engine(url))
    """
    if engine.dialect.name == "sqlite":
        sa.event.listen(engine, "connect", _sqlite_regexp)
    elif engine.dialect.name == "postgresql":
        _bound_postgresql(engine, timeout_ms)


def _regexp(pattern, value):
    # «value REGEXP pattern» calls regexp(pattern, value); NULL stays NULL as in SQL.
    if pattern is None or value is None:
        return None
    try:
        compiled = compile_pattern(pattern)
    except PatternError:
        return None  # never reached with checked patterns; a bad one matches nothing
    return pattern_search(compiled, value if isinstance(value, str) else str(value))


def _sqlite_regexp(dbapi_conn, _record):
    # Registered after SQLAlchemy's own (re-based) function, so this one wins.
    dbapi_conn.create_function("regexp", 2, _regexp, deterministic=True)


def _carries_pattern(context) -> bool:
    return bool(getattr(getattr(context, "compiled", None), CARRIES_USER_PATTERN, False))


def _bound_postgresql(engine: sa.Engine, timeout_ms: int) -> None:
    limit = str(int(timeout_ms))

    @sa.event.listens_for(engine, "before_cursor_execute")
    def _limit(conn, cursor, statement, parameters, context, executemany):
        if not _carries_pattern(context):
            return
        # Local to the transaction (so it ends even if the statement fails), except in
        # autocommit, where it is put back after the statement or its error.
        local = not cursor.connection.autocommit
        previous = cursor.connection.execute(
            "SELECT current_setting('statement_timeout'), set_config('statement_timeout', "
            "CASE WHEN current_setting('statement_timeout') = '0' THEN %s "
            "ELSE current_setting('statement_timeout') END, %s)",
            (limit, local),
        ).fetchone()[0]
        context.tessera_previous_timeout = (previous, local)

    def _put_back(cursor, context):
        saved = getattr(context, "tessera_previous_timeout", None)
        if saved is not None and not cursor.connection.closed:
            context.tessera_previous_timeout = None
            cursor.connection.execute(
                "SELECT set_config('statement_timeout', %s, %s)", (saved[0], saved[1])
            )

    @sa.event.listens_for(engine, "after_cursor_execute")
    def _restore(conn, cursor, statement, parameters, context, executemany):
        _put_back(cursor, context)

    @sa.event.listens_for(engine, "handle_error")
    def _explain(exception_context):
        context = exception_context.execution_context
        if not _carries_pattern(context):
            return None
        saved = getattr(context, "tessera_previous_timeout", None)
        if saved is not None and not saved[1] and exception_context.cursor is not None:
            _put_back(exception_context.cursor, context)  # autocommit: nothing rolls it back
        state = getattr(exception_context.original_exception, "sqlstate", None)
        if state == "57014":
            return UserPatternError(
                f"a regular expression in this condition took longer than {limit} ms"
            )
        if state == "2201B":
            return UserPatternError("PostgreSQL cannot run a regular expression in this condition")
        return None
