"""What a scoring explanation says: the score, its grade, the thresholds it reaches and the
rules that fired (key, label, points, how many times)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Fired:
    """One rule that contributed: its key, label, points in total, and how many times."""

    key: str
    label: dict
    points: int
    times: int = 1


@dataclass(frozen=True)
class Explanation:
    """A score with the rules behind it."""

    score: int
    grade: str | None
    fired: tuple[Fired, ...]
    thresholds: tuple[str, ...] = ()

    @property
    def sales_ready(self) -> bool:
        return "sales_ready" in self.thresholds

    def to_json(self) -> dict:
        return {
            "score": self.score,
            "grade": self.grade,
            "sales_ready": self.sales_ready,
            "thresholds": list(self.thresholds),
            "rules": [
                {"key": f.key, "label": f.label, "points": f.points, "times": f.times}
                for f in self.fired
            ],
        }
