"""A scoring model generated as Python source and compiled once: the per-record path.

From a compiled :class:`~tessera.runtime.scoring.model.ScoringModel` this writes one module
with three straight-line functions and runs it once:

- ``score(values, env, created_at) -> int``;
- ``explain(values, env, created_at) -> Explanation`` (the same code, also collecting the
  rules that fired, its grade and thresholds);
- ``grade(score) -> str | None``.

Attribute rules become ``if`` tests on locals read once from ``values`` (tiers: ``if/elif``),
with each condition's expression emitted by the condition language
(:meth:`~tessera.conditions.compiler.CompiledCondition.python_source`); event rules become
counters in one pass over the record's events, their filters inlined; decay compares the idle
time with bound ``timedelta`` constants; grade bands are an ``if/elif`` chain. Everything
taken from the document reaches the code only as an escaped literal or a bound constant
(:class:`~tessera.conditions.source.PythonSource`).

Example::

    functions = generate_scoring(model)
    functions.score({"company_size": 800}, env, None)  # 15
    print(functions.source)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from tessera.conditions.env import utc
from tessera.conditions.event_filter import EventFilter
from tessera.conditions.source import PythonSource
from tessera.runtime.scoring.explanation import Explanation, Fired


@dataclass(frozen=True)
class ScoringFunctions:
    """The generated functions of one model, and their source (for reading and tests)."""

    score: Callable
    explain: Callable
    grade: Callable
    source: str


def generate_scoring(model) -> ScoringFunctions:
    """Write and compile the per-record functions of ``model`` (once per model)."""
    src = PythonSource()
    tests = [rule.condition.python_source(src) for rule in model.attributes]
    timed = bool(model.events or model.decay)
    events = _EventCode(model, src) if timed else None
    bodies = {}
    for name, explaining in (("score", False), ("explain", True)):
        body = ["total = 0"] + (["fired = []"] if explaining else [])
        body += _attribute_lines(model, tests, src, explaining)
        if events is not None:
            body += events.lines(explaining)
        if explaining:
            body += _grade_lines(model, src, "grade")
            body += [f"reached = {_thresholds(model, src)}"]
            body += [f"return {src.bind(Explanation)}(total, grade, tuple(fired), reached)"]
        else:
            body += ["return total"]
        bodies[name] = src.prologue() + body
    grade_body = ["total = score"] + _grade_lines(model, src, "grade") + ["return grade"]
    module = ["def _build(_K):", *src.unpack_constants()]
    for name in ("score", "explain"):
        module += [f"    def {name}(values, env, created_at):"]
        module += [f"        {line}" for line in bodies[name]]
    module += ["    def grade(score):", *(f"        {line}" for line in grade_body)]
    module += ["    return score, explain, grade"]
    source = "\n".join(module) + "\n"
    score, explain, grade = src.compile(source, filename=f"<scoring {model.score_field}>")
    return ScoringFunctions(score, explain, grade, source)


def _attribute_lines(model, tests, src, explaining) -> list[str]:
    """Attribute rules in the model's order; a run of rules of one group is an if/elif
    chain (the first that matches counts). A group split into several runs carries a flag
    so a later run is skipped once an earlier one matched."""
    runs: list[tuple[str | None, list[int]]] = []
    for i, rule in enumerate(model.attributes):
        if rule.group is not None and runs and runs[-1][0] == rule.group:
            runs[-1][1].append(i)
        else:
            runs.append((rule.group, [i]))
    seen: dict[str, int] = {}
    for group, _ in runs:
        if group is not None:
            seen[group] = seen.get(group, 0) + 1
    flags = {group: f"g{n}" for n, group in enumerate(g for g, count in seen.items() if count > 1)}
    lines = [f"{flag} = False" for flag in flags.values()]
    for group, members in runs:
        flag = flags.get(group)
        pad = "    " if flag else ""
        if flag:
            lines.append(f"if not {flag}:")
        for n, i in enumerate(members):
            rule = model.attributes[i]
            lines.append(f"{pad}{'if' if n == 0 else 'elif'} {tests[i]}:")
            fire = [f"total += {rule.points!r}"]
            if explaining:
                fired = Fired(rule.key, rule.label, rule.points)
                fire.append(f"fired.append({src.bind(fired)})")
            if flag:
                fire.append(f"{flag} = True")
            lines += [f"{pad}    {line}" for line in fire]
    return lines


class _EventCode:
    """One pass over ``env.events``: a counter per event rule (its filter inlined) and the
    instant of the last interaction (creation or an event), then points and decay."""

    def __init__(self, model, src: PythonSource):
        self.model, self.src = model, src
        self.since: dict[float, str] = {}
        self.tests = [self._accepts(rule.filter) for rule in model.events]

    def _accepts(self, flt: EventFilter) -> list[str]:
        terms = []
        if flt.within_days is not None:
            if flt.within_days not in self.since:
                self.since[flt.within_days] = f"s{len(self.since)}"
            terms.append(f"{self.since[flt.within_days]} <= at <= now")
        terms += [test.python_source("props", self.src) for test in flt.tests]
        return terms

    def lines(self, explaining: bool) -> list[str]:
        src, model = self.src, self.model
        # Aware instants compare and subtract alike in any zone: only naive ones need utc().
        out = ["now = env.now", "last = created_at"]
        out += ["if last is not None and last.tzinfo is None:", f"    last = {src.bind(utc)}(last)"]
        for days, name in self.since.items():
            out.append(f"{name} = now - {src.bind(dt.timedelta(days=days))}")
        counters = [f"n{i}" for i in range(len(model.events))]
        if counters:
            out.append(" = ".join(counters) + " = 0")
        out += ["for event in env.events:", "    at = event.occurred_at"]
        out += ["    if last is None or at > last:", "        last = at"]
        out += self._dispatch()
        for i, rule in enumerate(model.events):
            out += _event_points(rule, f"n{i}", src, explaining)
        if model.decay:
            out += ["if last is not None:", "    idle = now - last"]
            for rule in model.decay:
                out.append(f"    if idle >= {src.bind(dt.timedelta(days=rule.inactive_days))}:")
                out.append(f"        total += {rule.points!r}")
                if explaining:
                    fired = Fired(rule.key, rule.label, rule.points)
                    out.append(f"        fired.append({src.bind(fired)})")
        return out

    def _dispatch(self) -> list[str]:
        """``if kind == 'page_view': … elif …``: each event type tested once per event."""
        by_type: dict[str, list[int]] = {}
        for i, rule in enumerate(self.model.events):
            if not rule.filter.any_type:
                by_type.setdefault(rule.filter.type, []).append(i)
        out = []
        for i, rule in enumerate(self.model.events):  # type «*»: every event, before the dispatch
            if rule.filter.any_type:
                if rule.filter.tests:
                    out.append("    props = event.props")
                terms = self.tests[i]
                if terms:
                    out += [f"    if {' and '.join(terms)}:", f"        n{i} += 1"]
                else:
                    out.append(f"    n{i} += 1")
        if not by_type:
            return out
        out.append("    kind = event.type")
        for n, (kind, members) in enumerate(by_type.items()):
            out.append(f"    {'if' if n == 0 else 'elif'} kind == {self.src.literal(kind)}:")
            if any(self.model.events[i].filter.tests for i in members):
                out.append("        props = event.props")
            for i in members:
                terms = self.tests[i]
                if terms:
                    out += [f"        if {' and '.join(terms)}:", f"            n{i} += 1"]
                else:
                    out.append(f"        n{i} += 1")
        return out


def _event_points(rule, n: str, src: PythonSource, explaining: bool) -> list[str]:
    """Points of one event rule: ``points × min(count, max_times)``."""
    cap, points = rule.max_times, rule.points
    if cap == 1:
        fire = [f"    total += {points!r}"]
        if explaining:
            fire.append(f"    fired.append({src.bind(Fired(rule.key, rule.label, points, 1))})")
        return [f"if {n}:", *fire]
    times = n if cap is None else f"({n} if {n} < {int(cap)!r} else {int(cap)!r})"
    out = [f"if {n}:", f"    times = {times}", f"    total += {points!r} * times"]
    if explaining:
        key, label = src.literal(rule.key), src.bind(rule.label)
        out.append(
            f"    fired.append({src.bind(Fired)}({key}, {label}, {points!r} * times, times))"
        )
    return out


def _grade_lines(model, src: PythonSource, out: str) -> list[str]:
    """``out`` = the first band whose minimum ``total`` reaches (a band without a minimum
    takes the rest; no band: None)."""
    lines, opened = [], False
    for grade, low in model.grades:
        value = src.literal(grade)
        if low is None:
            if not opened:
                return [*lines, f"{out} = {value}"]
            return [*lines, "else:", f"    {out} = {value}"]
        lines += [f"{'elif' if opened else 'if'} total >= {int(low)!r}:", f"    {out} = {value}"]
        opened = True
    if not opened:
        return [f"{out} = None"]
    return [*lines, "else:", f"    {out} = None"]


def _thresholds(model, src: PythonSource) -> str:
    """A tuple expression: the keys of the thresholds ``total`` reaches, in order."""
    if not model.thresholds:
        return "()"
    parts = [
        f"(({src.literal(key)},) if total >= {int(low)!r} else ())" for key, low in model.thresholds
    ]
    return " + ".join(parts)
