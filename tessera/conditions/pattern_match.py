"""SQL of a text ``matches`` condition: ``REGEXP`` on SQLite, ``~`` on PostgreSQL.

Only patterns :func:`tessera.patterns.compile_pattern` accepted get here. The statement is
marked (``compiler.carries_user_pattern``) so the runtime's database engine can bound it in
time (:mod:`tessera.runtime.pattern_sql`); the condition language knows nothing of engines.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement
from sqlalchemy.sql.visitors import InternalTraversal

CARRIES_USER_PATTERN = "carries_user_pattern"


class UserPatternMatch(ColumnElement):
    """``column`` matches ``pattern`` (a user's regular expression, already checked).

    Example::

        sa.select(t.c.id).where(UserPatternMatch(t.c.email, "@(qq|163)\\\\.com$"))
    """

    inherit_cache = True
    type = sa.Boolean()
    _traverse_internals = [("match", InternalTraversal.dp_clauseelement)]

    def __init__(self, column, pattern: str):
        # The pattern is a bound parameter: one cached statement serves every pattern.
        self.match = column.regexp_match(pattern)


@compiles(UserPatternMatch)
def _compile_user_pattern(element, compiler, **kw):
    setattr(compiler, CARRIES_USER_PATTERN, True)  # read by the PostgreSQL guard at execution
    return compiler.process(element.match, **kw)
