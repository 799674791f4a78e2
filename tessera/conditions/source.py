"""Conditions as Python source: the third compiler of the condition language, for callers
that generate one straight-line function from many conditions (the scoring model).

A compiled condition emits an *expression* (:meth:`CompiledCondition.python_source`) over
two names every generated function defines, ``values`` and ``env``; each operator emits its
fragment given the source of the value it tests (``Operator.python_source``). A
:class:`PythonSource` collects what the fragments need:

- field reads, hoisted so each field is read once from ``values`` (``v0 = values.get('title')``);
- derived locals, hoisted likewise (the lower-cased text the text operators share);
- constants: a literal only for plain ``str``/``int``/``bool``/``None``/finite ``float`` (written
  with ``repr()``, which escapes quotes and newlines), anything else bound by a generated name
  to an entry of the constants tuple. Document text (keys, operands, labels) therefore never
  reaches the code except as an escaped literal.

:meth:`PythonSource.compile` runs the generated module with only a few builtins in its
namespace: ``__import__``, ``open``, ``eval`` and friends are not there to be reached.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

SAFE_BUILTINS = {"isinstance": isinstance, "len": len, "list": list, "str": str, "tuple": tuple}

__all__ = ["SAFE_BUILTINS", "PythonSource", "python_predicate"]


def _is_literal(value: Any) -> bool:
    kind = type(value)
    if kind in (str, int, bool) or value is None:
        return True
    return kind is float and math.isfinite(value)


class PythonSource:
    """What one generated function body needs: hoisted reads, derived locals, constants.

    Example::

        src = PythonSource()
        test = compile_condition({"field": "company_size", "op": "gt", "value": 500},
                                 schema=schema).python_source(src)
        # test == "(v0 is not None and v0 > 500)"; src.prologue() == ["v0 = values.get('company_size')"]
    """

    def __init__(self):
        self.constants: list[Any] = []
        self._bound: dict[int, str] = {}
        self._reads: dict[str, str] = {}
        self._derived: dict[str, str] = {}
        self._lines: list[str] = []

    def literal(self, value: Any) -> str:
        """Source evaluating to ``value``: an escaped literal for plain scalars, else a name
        bound to the constant."""
        return repr(value) if _is_literal(value) else self.bind(value)

    def bind(self, value: Any) -> str:
        """The generated name under which the function sees ``value`` (bound once)."""
        name = self._bound.get(id(value))
        if name is None:
            name = f"c{len(self.constants)}"
            self.constants.append(value)
            self._bound[id(value)] = name
        return name

    def read(self, key: str) -> str:
        """The local holding ``values.get(key)``, read once at the top of the function."""
        name = self._reads.get(key)
        if name is None:
            name = f"v{len(self._reads)}"
            self._reads[key] = name
            self._lines.append(f"{name} = values.get({self.literal(key)})")
        return name

    def derived(self, expression: str, prefix: str = "d") -> str:
        """A local holding ``expression`` (built from generated names only, never document
        text), computed once after the reads it uses. It must not raise."""
        name = self._derived.get(expression)
        if name is None:
            name = f"{prefix}{len(self._derived)}"
            self._derived[expression] = name
            self._lines.append(f"{name} = {expression}")
        return name

    def prologue(self) -> list[str]:
        """The hoisted statements, in the order they were asked for."""
        return list(self._lines)

    def compile(self, module: str, *, filename: str) -> Callable:
        """Run ``module`` (which defines ``_build(_K)``) and return ``_build(constants)``.

        ``module`` must come from generators that use :meth:`literal`, :meth:`bind`,
        :meth:`read` and :meth:`derived` for everything taken from a document.
        """
        namespace: dict[str, Any] = {"__builtins__": dict(SAFE_BUILTINS)}
        exec(compile(module, filename, "exec"), namespace)  # noqa: S102 (generated, see above)
        return namespace["_build"](tuple(self.constants))

    def unpack_constants(self, indent: str = "    ") -> list[str]:
        """``c0, c1, … = _K``: the constants as locals of ``_build`` (closure cells of the
        generated functions, cheaper to reach than globals)."""
        if not self.constants:
            return []
        names = ", ".join(f"c{i}" for i in range(len(self.constants)))
        return [f"{indent}{names}, = _K"]


def python_predicate(condition) -> Callable:
    """A compiled condition's :meth:`~CompiledCondition.python_source` made into one
    generated function ``predicate(values, env=None) -> bool``.

    Example::

        test = python_predicate(compile_condition(doc, schema=schema))
        test({"company_size": 800})  # True
    """
    src = PythonSource()
    test = condition.python_source(src)
    module = [
        "def _build(_K):",
        *src.unpack_constants(),
        "    def predicate(values, env=None):",
        *(f"        {line}" for line in src.prologue()),
        f"        return {test}",
        "    return predicate",
    ]
    return src.compile("\n".join(module), filename="<condition>")
