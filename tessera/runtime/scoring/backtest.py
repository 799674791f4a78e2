"""Backtest before publish: run a draft scoring model over every stored record in SQL (one
grouped query and one query for the movers, no Python loop over rows) and compare it with
the published model: grade changes, grade × outcome (won/lost) old vs new, the leads that move.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa

from tessera.runtime.condition_env import eval_env, sql_scope

OUTCOMES = ("won", "lost", "open")
MAX_MOVERS = 50


@dataclass
class Backtest:
    """What a draft model would change. ``grades`` lists the bands in the model's order."""

    total: int
    changed: int
    grades: list[str]
    old_table: dict = field(default_factory=dict)  # {grade: {"won", "lost", "open"}}
    new_table: dict = field(default_factory=dict)
    transitions: dict = field(default_factory=dict)  # {(old, new): count}
    movers: list[dict] = field(default_factory=list)

    def win_rate(self, table: dict, grade: str) -> float | None:
        """Won / (won + lost) among closed records of a grade (None when none closed)."""
        row = table.get(grade, {})
        closed = row.get("won", 0) + row.get("lost", 0)
        return None if not closed else row.get("won", 0) / closed

    def to_json(self) -> dict:
        return {
            "total": self.total,
            "changed": self.changed,
            "grades": self.grades,
            "old": self.old_table,
            "new": self.new_table,
            "transitions": [
                {"from": a, "to": b, "count": n} for (a, b), n in sorted(self.transitions.items())
            ],
            "movers": self.movers,
        }


def outcome_expression(form) -> sa.ColumnElement:
    """``won`` / ``lost`` / ``open`` from the form's stage field (its options' meanings)."""
    for spec in form.spec.fields:
        meaning = getattr(spec.widget, "meaning", None)
        if meaning is None:
            continue
        keys = {
            m: [
                o["key"]
                for o in spec.config.get("options", [])
                if meaning(o["key"], config=spec.config) == m
            ]
            for m in ("won", "lost")
        }
        col = form.table.c[spec.key]
        whens = [(col.in_(keys[m]), m) for m in ("won", "lost") if keys[m]]
        return sa.case(*whens, else_=sa.literal("open")) if whens else sa.literal("open")
    return sa.literal("open")


def run_backtest(conn, form, *, old, new, now=None, title_field: str | None = None) -> Backtest:
    """Compare the published model ``old`` with the draft ``new`` over ``form``'s records.

    Example::

        result = run_backtest(conn, lead_form, old=published_model, new=draft_model)
        result.changed, result.new_table["A"]["won"]
    """
    table = form.table
    scope = sql_scope(form, eval_env(now=now, conn=conn, app_key=form.app_key))
    title = table.c[title_field] if title_field and title_field in table.c else sa.literal(None)
    scored = (
        sa.select(
            table.c.id.label("id"),
            title.label("title"),
            old.sql_score(scope).label("old_score"),
            new.sql_score(scope).label("new_score"),
            outcome_expression(form).label("outcome"),
        )
        .where(table.c.deleted_at.is_(None))
        .cte("scored")
    )
    graded = sa.select(
        scored,
        old.sql_grade(scored.c.old_score).label("old_grade"),
        new.sql_grade(scored.c.new_score).label("new_grade"),
    ).cte("graded")
    rows = conn.execute(
        sa.select(
            graded.c.old_grade, graded.c.new_grade, graded.c.outcome, sa.func.count()
        ).group_by(graded.c.old_grade, graded.c.new_grade, graded.c.outcome)
    ).all()
    grades = [g for g, _ in new.grades] + [
        g for g, _ in old.grades if g not in {x for x, _ in new.grades}
    ]
    result = Backtest(total=0, changed=0, grades=grades)
    for grade in grades:
        result.old_table[grade] = dict.fromkeys(OUTCOMES, 0)
        result.new_table[grade] = dict.fromkeys(OUTCOMES, 0)
    for old_grade, new_grade, outcome, n in rows:
        result.total += n
        if old_grade != new_grade:
            result.changed += n
            result.transitions[(old_grade, new_grade)] = (
                result.transitions.get((old_grade, new_grade), 0) + n
            )
        result.old_table.setdefault(old_grade, dict.fromkeys(OUTCOMES, 0))[outcome] += n
        result.new_table.setdefault(new_grade, dict.fromkeys(OUTCOMES, 0))[outcome] += n
    movers = conn.execute(
        sa.select(graded)
        .where(graded.c.old_grade != graded.c.new_grade)
        .order_by(sa.func.abs(graded.c.new_score - graded.c.old_score).desc(), graded.c.id)
        .limit(MAX_MOVERS)
    )
    result.movers = [
        {
            "id": r.id,
            "title": r.title,
            "old_score": r.old_score,
            "new_score": r.new_score,
            "old_grade": r.old_grade,
            "new_grade": r.new_grade,
            "outcome": r.outcome,
        }
        for r in movers
    ]
    return result
