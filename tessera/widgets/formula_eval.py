"""A tiny, safe expression language for formula fields.

An expression is parsed by Python's ``ast`` module, checked against a whitelist, and compiled
once into nested closures (cached per expression string); evaluating it for a record does no
tree walking and cannot reach attributes, subscripts, imports or any function outside
:data:`FUNCTIONS`.

Allowed: number and string literals, ``True``/``False``/``None``, field keys as names,
``+ - * / // % **`` (exponent at most 100), unary ``-``/``+``, comparisons, ``and``/``or``/
``not``, ``a if c else b`` and calls of round, min, max, abs, len, concat, coalesce.
A None operand makes arithmetic None; so does division by zero or an overflow.

Example::

    compile_formula("est_amount * 0.1").evaluate({"est_amount": 5000})  # 500.0
    formula_fields('concat(name, " / ", company)')  # {"name", "company"}
"""

from __future__ import annotations

import ast
import math
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Any

MAX_LENGTH = 500
MAX_DEPTH = 100  # a sum of 100 fields; keeps evaluation far from the recursion limit
MAX_EXPONENT = 100
MAX_TEXT = 10_000

Evaluator = Callable[[Mapping[str, Any]], Any]


class FormulaError(ValueError):
    """An expression that is not allowed or does not parse; ``message(locale)`` explains it.

    Example::

        compile_formula("().__class__")  # FormulaError: attribute access (.) is not allowed
    """

    def __init__(self, en: str, zh: str):
        super().__init__(en)
        self.en = en
        self.zh = zh

    def message(self, locale: str) -> str:
        """The explanation in ``locale`` (zh-CN unless English)."""
        return self.en if locale.startswith("en") else self.zh


@dataclass(frozen=True)
class Formula:
    """A compiled expression: the field keys it reads and a function of a record's values."""

    expression: str
    fields: frozenset[str]
    run: Evaluator

    def evaluate(self, values: Mapping[str, Any]) -> Any:
        """The expression's value for one record (None when it cannot be computed)."""
        try:
            return self.run(values)
        except (ArithmeticError, ValueError, TypeError, RecursionError):
            return None


@lru_cache(maxsize=1024)
def compile_formula(expression: str) -> Formula:
    """Parse and check ``expression`` once; raises :class:`FormulaError`."""
    if not isinstance(expression, str) or not expression.strip():
        raise FormulaError("The formula is empty", "公式为空")
    if len(expression) > MAX_LENGTH:
        raise FormulaError(
            f"A formula has at most {MAX_LENGTH} characters", f"公式最多 {MAX_LENGTH} 个字符"
        )
    try:
        tree = ast.parse(expression.strip(), mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        raise FormulaError("The formula is not well formed", "公式写法有误") from None
    names: set[str] = set()
    run = _compile(tree.body, names, 0)
    return Formula(expression, frozenset(names), run)


def formula_fields(expression: str) -> set[str]:
    """The field keys ``expression`` reads (so the builder can check its references)."""
    return set(compile_formula(expression).fields)


# --- values -----------------------------------------------------------------------------


def _number(x: Any) -> int | float | None:
    if isinstance(x, bool):
        return int(x)
    if isinstance(x, Decimal):
        return float(x)
    if isinstance(x, (int, float)):
        return x
    return None


def _checked(x: Any) -> Any:
    """A finite number of sane size, or None."""
    if isinstance(x, int) and not isinstance(x, bool):
        return x if abs(x) < 2**63 else _checked(float(x))
    if isinstance(x, float):
        return x if math.isfinite(x) else None
    return None


def text_of(x: Any) -> str:
    """How a value reads inside a text formula (``3.0`` → ``"3"``)."""
    if x is None:
        return ""
    if isinstance(x, float) and x.is_integer():
        return str(int(x))
    if isinstance(x, (list, tuple)):
        return "、".join(text_of(item) for item in x)
    if hasattr(x, "isoformat"):
        return x.isoformat()
    return str(x)


def _arithmetic(op: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
    def apply(a, b):
        if a is None or b is None:
            return None
        if op is operator.add and isinstance(a, str) and isinstance(b, str):
            return (a + b)[:MAX_TEXT]
        a, b = _number(a), _number(b)
        if a is None or b is None:  # no "ab" * 3, no "%s" % x: numbers only
            return None
        try:
            return _checked(op(a, b))
        except (ZeroDivisionError, OverflowError):
            return None

    return apply


def _power(a, b):
    a, b = _number(a), _number(b)
    if a is None or b is None or abs(b) > MAX_EXPONENT:
        return None
    try:
        result = float(a) ** float(b)
    except (ZeroDivisionError, OverflowError):
        return None
    return _checked(result) if isinstance(result, float) else None  # not complex roots


def _ordering(op: Callable[[Any, Any], bool]) -> Callable[[Any, Any], Any]:
    def apply(a, b):
        if a is None or b is None:
            return None
        try:
            return op(a, b)
        except TypeError:
            return None

    return apply


def _round(x, places=0):
    x, places = _number(x), _number(places)
    if x is None or places is None or not 0 <= places <= 10:
        return None
    exact = Decimal(repr(float(x))).quantize(
        Decimal(1).scaleb(-int(places)), rounding=ROUND_HALF_UP
    )
    return float(exact)


def _extreme(pick):
    def apply(*args):
        present = [a for a in args if a is not None]
        try:
            return pick(present) if present else None
        except TypeError:
            return None

    return apply


def _abs(x):
    x = _number(x)
    return None if x is None else abs(x)


def _len(x):
    if x is None:
        return 0
    return len(x) if isinstance(x, (str, list, tuple)) else None


def _concat(*args):
    return "".join(text_of(a) for a in args)[:MAX_TEXT]


def _coalesce(*args):
    return next((a for a in args if a is not None and a != ""), None)


# name: (function, fewest arguments, most arguments or None)
FUNCTIONS: dict[str, tuple[Callable[..., Any], int, int | None]] = {
    "round": (_round, 1, 2),
    "min": (_extreme(min), 1, None),
    "max": (_extreme(max), 1, None),
    "abs": (_abs, 1, 1),
    "len": (_len, 1, 1),
    "concat": (_concat, 1, None),
    "coalesce": (_coalesce, 1, None),
}

BINARY = {
    ast.Add: _arithmetic(operator.add),
    ast.Sub: _arithmetic(operator.sub),
    ast.Mult: _arithmetic(operator.mul),
    ast.Div: _arithmetic(operator.truediv),
    ast.FloorDiv: _arithmetic(operator.floordiv),
    ast.Mod: _arithmetic(operator.mod),
    ast.Pow: _power,
}

_SUBTRACT = BINARY[ast.Sub]

COMPARISONS = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: _ordering(operator.lt),
    ast.LtE: _ordering(operator.le),
    ast.Gt: _ordering(operator.gt),
    ast.GtE: _ordering(operator.ge),
}

# --- compiling ----------------------------------------------------------------------------

_FORBIDDEN = {
    ast.Attribute: ("attribute access (.) is not allowed", "不支持属性访问（.）"),
    ast.Subscript: ("indexing ([…]) is not allowed", "不支持下标（[…]）"),
    ast.Lambda: ("lambda is not allowed", "不支持 lambda"),
    ast.ListComp: ("comprehensions are not allowed", "不支持推导式"),
    ast.SetComp: ("comprehensions are not allowed", "不支持推导式"),
    ast.DictComp: ("comprehensions are not allowed", "不支持推导式"),
    ast.GeneratorExp: ("comprehensions are not allowed", "不支持推导式"),
    ast.NamedExpr: ("assignment (:=) is not allowed", "不支持赋值（:=）"),
}


def _compile(node: ast.AST, names: set[str], depth: int) -> Evaluator:
    if depth > MAX_DEPTH:
        raise FormulaError("The formula is nested too deeply", "公式嵌套过深")
    sub = depth + 1
    if isinstance(node, ast.Constant) and (
        node.value is None or isinstance(node.value, (bool, int, float, str))
    ):
        value = node.value
        return lambda values: value
    if isinstance(node, ast.Name):
        return _compile_name(node.id, names)
    if isinstance(node, ast.BinOp) and type(node.op) in BINARY:
        if isinstance(node.op, ast.Pow):
            _check_exponent(node.right)
        apply, left, right = (
            BINARY[type(node.op)],
            _compile(node.left, names, sub),
            _compile(node.right, names, sub),
        )
        return lambda values: apply(left(values), right(values))
    if isinstance(node, ast.UnaryOp):
        operand = _compile(node.operand, names, sub)
        if isinstance(node.op, ast.Not):
            return lambda values: not operand(values)
        if isinstance(node.op, ast.USub):
            return lambda values: _SUBTRACT(0, operand(values))
        if isinstance(node.op, ast.UAdd):
            return lambda values: _SUBTRACT(operand(values), 0)
    if isinstance(node, ast.BoolOp):
        parts = [_compile(v, names, sub) for v in node.values]
        return _all_of(parts) if isinstance(node.op, ast.And) else _any_of(parts)
    if isinstance(node, ast.Compare) and all(type(op) in COMPARISONS for op in node.ops):
        return _compile_compare(node, names, sub)
    if isinstance(node, ast.IfExp):
        test, body, orelse = (_compile(n, names, sub) for n in (node.test, node.body, node.orelse))
        return lambda values: body(values) if test(values) else orelse(values)
    if isinstance(node, ast.Call):
        return _compile_call(node, names, sub)
    en, zh = _FORBIDDEN.get(
        type(node), (f"{type(node).__name__} is not allowed in a formula", "公式中不支持这种写法")
    )
    raise FormulaError(en, zh)


def _compile_name(name: str, names: set[str]) -> Evaluator:
    if name.startswith("_"):
        raise FormulaError(f"{name!r} is not a field", f"“{name}”不是字段")
    if name in FUNCTIONS:
        raise FormulaError(
            f"{name} is a function: write {name}(…)", f"{name} 是函数，请写成 {name}(…)"
        )
    names.add(name)
    return lambda values: values.get(name)


def _check_exponent(node: ast.AST) -> None:
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        node = node.operand
    if (
        isinstance(node, ast.Constant)
        and isinstance(node.value, (int, float))
        and abs(node.value) > MAX_EXPONENT
    ):
        raise FormulaError(f"An exponent is at most {MAX_EXPONENT}", f"指数不能超过 {MAX_EXPONENT}")


def _all_of(parts: list[Evaluator]) -> Evaluator:
    def run(values):
        result = None
        for part in parts:
            result = part(values)
            if not result:
                return result
        return result

    return run


def _any_of(parts: list[Evaluator]) -> Evaluator:
    def run(values):
        result = None
        for part in parts:
            result = part(values)
            if result:
                return result
        return result

    return run


def _compile_compare(node: ast.Compare, names: set[str], depth: int) -> Evaluator:
    operands = [_compile(n, names, depth) for n in (node.left, *node.comparators)]
    tests = [COMPARISONS[type(op)] for op in node.ops]

    def run(values):
        current = operands[0](values)
        for test, operand in zip(tests, operands[1:], strict=True):
            following = operand(values)
            outcome = test(current, following)
            if not outcome:
                return outcome
            current = following
        return True

    return run


def _compile_call(node: ast.Call, names: set[str], depth: int) -> Evaluator:
    allowed = ", ".join(FUNCTIONS)
    if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
        shown = node.func.id if isinstance(node.func, ast.Name) else "…"
        raise FormulaError(
            f"Unknown function {shown!r}; allowed: {allowed}",
            f"不支持函数“{shown}”，可用：{allowed}",
        )
    name = node.func.id
    function, fewest, most = FUNCTIONS[name]
    if node.keywords or any(isinstance(a, ast.Starred) for a in node.args):
        raise FormulaError(f"{name}() takes plain arguments", f"{name}() 只接受普通参数")
    if len(node.args) < fewest or (most is not None and len(node.args) > most):
        raise FormulaError(f"Wrong number of arguments for {name}()", f"{name}() 的参数个数不对")
    args = [_compile(a, names, depth) for a in node.args]
    return lambda values: function(*(arg(values) for arg in args))
