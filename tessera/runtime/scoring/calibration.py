"""Calibration from history: fit a logistic regression of «won» on the rules' conditions over
closed (won/lost) records and propose new points, with the predicted win probability per
grade. The features come from SQL (one grouped query: distinct rule patterns and their won /
lost counts); the fit is a small Newton–Raphson on those patterns, in pure Python.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import sqlalchemy as sa

from tessera.runtime.condition_env import eval_env, sql_scope
from tessera.runtime.scoring.backtest import outcome_expression
from tessera.runtime.scoring.bulk import decay_points, event_points

MIN_CLOSED, MIN_EACH = 30, 5
RIDGE = 1.0


@dataclass
class Calibration:
    """A proposal; ``enough`` is False (with ``reason``) when history is too thin to fit."""

    closed: int
    won: int
    enough: bool
    reason: str = ""
    rules: list[dict] = field(default_factory=list)  # key, label, current, proposed, weight
    grades: list[dict] = field(default_factory=list)  # grade, records, observed, predicted


def _features(model, scope):
    """``(key, label, current points, SQL 0/1 indicator)`` per rule, tiers made exclusive."""
    out, taken = [], {}
    for rule in model.attributes:
        hit = rule.condition.sql(scope)
        if rule.group is not None:
            earlier = taken.get(rule.group, [])
            hit = sa.and_(hit, *[sa.not_(e) for e in earlier]) if earlier else hit
            taken.setdefault(rule.group, []).append(rule.condition.sql(scope))
        out.append((rule.key, rule.label, rule.points, sa.case((hit, 1), else_=0)))
    for rule in model.events:
        fired = sa.case((event_points(rule, scope) != 0, 1), else_=0)
        out.append((rule.key, rule.label, rule.points, fired))
    for rule in model.decay:
        out.append(
            (
                rule.key,
                rule.label,
                rule.points,
                sa.case((decay_points(rule, scope) != 0, 1), else_=0),
            )
        )
    return out


def calibrate(conn, form, model, *, now=None) -> Calibration:
    """Fit the model's rules to closed records of ``form`` and propose points.

    Example::

        proposal = calibrate(conn, lead_form, model_for(app, "lead"))
        proposal.enough, [(r["key"], r["proposed"]) for r in proposal.rules]
    """
    table = form.table
    scope = sql_scope(form, eval_env(now=now, conn=conn, app_key=form.app_key))
    feats = _features(model, scope)
    outcome = outcome_expression(form).label("outcome")
    cols = [f[3].label(f"f{i}") for i, f in enumerate(feats)]
    inner = sa.select(*cols, outcome).where(table.c.deleted_at.is_(None)).subquery()
    fcols = [inner.c[f"f{i}"] for i in range(len(feats))]
    rows = conn.execute(
        sa.select(*fcols, inner.c.outcome, sa.func.count())
        .where(inner.c.outcome.in_(["won", "lost"]))
        .group_by(*fcols, inner.c.outcome)
    ).all()
    patterns: dict[tuple, list[int]] = {}
    for row in rows:
        x, outcome_value, n = tuple(row[: len(feats)]), row[len(feats)], row[-1]
        patterns.setdefault(x, [0, 0])[0 if outcome_value == "won" else 1] += n
    won = sum(w for w, _ in patterns.values())
    closed = won + sum(lost for _, lost in patterns.values())
    result = Calibration(closed=closed, won=won, enough=False)
    if closed < MIN_CLOSED or won < MIN_EACH or closed - won < MIN_EACH:
        result.reason = (
            f"only {closed} closed records ({won} won, {closed - won} lost); calibration needs at "
            f"least {MIN_CLOSED}, with at least {MIN_EACH} won and {MIN_EACH} lost"
        )
        return result
    weights = fit_logistic(patterns, len(feats))
    proposed = points_from_weights(weights[1:], [f[2] for f in feats])
    result.enough = True
    result.rules = [
        {"key": f[0], "label": f[1], "current": f[2], "proposed": p, "weight": round(w, 3)}
        for f, p, w in zip(feats, proposed, weights[1:], strict=True)
    ]
    result.grades = _grade_table(model, patterns, weights, proposed)
    return result


def fit_logistic(patterns: dict, k: int, *, ridge: float = RIDGE, steps: int = 50) -> list[float]:
    """Weights ``[bias, w1 … wk]`` maximizing the L2-penalized likelihood (Newton's method)."""
    beta = [0.0] * (k + 1)
    for _ in range(steps):
        grad = [0.0] * (k + 1)
        hess = [[0.0] * (k + 1) for _ in range(k + 1)]
        for x, (won, lost) in patterns.items():
            v = (1.0, *map(float, x))
            p = _sigmoid(sum(b * xi for b, xi in zip(beta, v, strict=True)))
            n = won + lost
            for i in range(k + 1):
                grad[i] += (won - n * p) * v[i]
                for j in range(k + 1):
                    hess[i][j] += n * p * (1 - p) * v[i] * v[j]
        for i in range(1, k + 1):
            grad[i] -= ridge * beta[i]
            hess[i][i] += ridge
        hess[0][0] += 1e-9
        step = _solve(hess, grad)
        beta = [b + s for b, s in zip(beta, step, strict=True)]
        if max(abs(s) for s in step) < 1e-8:
            break
    return beta


def points_from_weights(weights: list[float], current: list[int]) -> list[int]:
    """Weights scaled so the positive points keep their current total (grades stay meaningful)."""
    positive = sum(w for w in weights if w > 0)
    budget = sum(p for p in current if p > 0) or 100
    scale = budget / positive if positive else 0
    return [int(round(w * scale)) for w in weights]


def _grade_table(model, patterns, weights, proposed) -> list[dict]:
    rows = {g: {"grade": g, "records": 0, "won": 0, "predicted": 0.0} for g, _ in model.grades}
    for x, (won, lost) in patterns.items():
        grade = model.grade_for(sum(p * xi for p, xi in zip(proposed, x, strict=True)))
        p = _sigmoid(weights[0] + sum(w * xi for w, xi in zip(weights[1:], x, strict=True)))
        row = rows.setdefault(grade, {"grade": grade, "records": 0, "won": 0, "predicted": 0.0})
        row["records"] += won + lost
        row["won"] += won
        row["predicted"] += p * (won + lost)
    for row in rows.values():
        n = row["records"]
        row["observed"] = row["won"] / n if n else None
        row["predicted"] = row["predicted"] / n if n else None
    return list(rows.values())


def _sigmoid(z: float) -> float:
    return 1 / (1 + math.exp(-z)) if z >= 0 else math.exp(z) / (1 + math.exp(z))


def _solve(a: list[list[float]], b: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting (the matrices here are tiny)."""
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(m[r][col]))
        m[col], m[pivot] = m[pivot], m[col]
        if abs(m[col][col]) < 1e-12:
            continue
        for r in range(n):
            if r != col:
                f = m[r][col] / m[col][col]
                for c in range(col, n + 1):
                    m[r][c] -= f * m[col][c]
    return [m[i][n] / m[i][i] if abs(m[i][i]) > 1e-12 else 0.0 for i in range(n)]
