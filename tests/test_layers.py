"""The layers depend one way only: widgets ← conditions ← builder ← runtime."""

import ast
import json
import subprocess
import sys
from pathlib import Path

IMPORT_ALL = """
import importlib, json, pkgutil, sys
imported = []
for name in {packages!r}:
    package = importlib.import_module(name)
    imported.append(name)
    for info in pkgutil.walk_packages(package.__path__, name + "."):
        importlib.import_module(info.name)
        imported.append(info.name)
print(json.dumps({{"imported": imported, "modules": sorted(sys.modules)}}))
"""


def import_in_fresh_interpreter(*packages: str) -> dict:
    code = IMPORT_ALL.format(packages=list(packages))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def inside(modules: list[str], package: str) -> list[str]:
    """The modules of ``modules`` that belong to ``package``."""
    return [m for m in modules if m == package or m.startswith(package + ".")]


def test_widgets_conditions_and_builder_never_import_the_runtime():
    result = import_in_fresh_interpreter("tessera.widgets", "tessera.conditions", "tessera.builder")
    assert "tessera.builder.validation" in result["imported"]
    assert "tessera.conditions.compiler" in result["imported"]
    assert "tessera.widgets.phone" in result["imported"]
    assert inside(result["modules"], "tessera.runtime") == []


def test_conditions_never_import_the_builder():
    result = import_in_fresh_interpreter("tessera.conditions")
    assert "tessera.conditions.operators.matches" in result["imported"]
    assert inside(result["modules"], "tessera.builder") == []
    assert inside(result["modules"], "tessera.runtime") == []


def test_widgets_never_import_the_builder():
    result = import_in_fresh_interpreter("tessera.widgets")
    assert len(result["imported"]) > 10
    assert inside(result["modules"], "tessera.builder") == []
    assert inside(result["modules"], "tessera.conditions") == []


def test_the_store_knows_none_of_the_engines_that_hear_its_writes():
    """Scoring (and later flows) subscribe to the store's write bus through the composition
    root (``runtime.wiring``); the store never imports them, by name or by dotted path."""
    result = import_in_fresh_interpreter("tessera.runtime.store")
    assert "tessera.runtime.store.records" in result["imported"]
    for engine in ("scoring", "capture", "web", "wiring", "catalog"):
        assert inside(result["modules"], f"tessera.runtime.{engine}") == [], engine
    store = Path(__file__).resolve().parent.parent / "tessera" / "runtime" / "store"
    dotted = [
        (path.name, node.value)
        for path in store.glob("*.py")
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and node.value.startswith("tessera.")
    ]
    assert dotted == [], "modules named by string, out of the import graph's sight"
