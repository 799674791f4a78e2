"""The layers depend one way only: widgets ← builder ← runtime."""

import json
import subprocess
import sys

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


def test_widgets_and_builder_never_import_the_runtime():
    result = import_in_fresh_interpreter("tessera.widgets", "tessera.builder")
    assert "tessera.builder.validation" in result["imported"]
    assert "tessera.widgets.phone" in result["imported"]
    leaked = [
        m for m in result["modules"] if m == "tessera.runtime" or m.startswith("tessera.runtime.")
    ]
    assert leaked == []


def test_widgets_never_import_the_builder():
    result = import_in_fresh_interpreter("tessera.widgets")
    assert len(result["imported"]) > 10
    leaked = [
        m for m in result["modules"] if m == "tessera.builder" or m.startswith("tessera.builder.")
    ]
    assert leaked == []
