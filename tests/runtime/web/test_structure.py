"""The web is organised by feature (issue 10, item 6), read from the source as syntax trees:
no import cycle among its modules; a feature package imports only itself and the shared
plumbing (the modules at ``web/`` top level), never another feature; the plumbing imports no
feature (the app factory alone assembles them); and each feature's blueprint is made and
given its routes in the package's ``__init__``, so no module is imported for a side effect
on someone else's blueprint."""

from __future__ import annotations

import ast
from pathlib import Path

import tessera.runtime.web as web_package

WEB = "tessera.runtime.web"
ROOT = Path(web_package.__file__).resolve().parent
FACTORY = f"{WEB}.app"


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join((WEB, *parts))


MODULES = {_module_name(p): p for p in sorted(ROOT.rglob("*.py"))}
PACKAGES = {name for name, p in MODULES.items() if p.name == "__init__.py"}


def _resolve(module: str, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    package = module if module in PACKAGES else module.rpartition(".")[0]
    for _ in range(node.level - 1):
        package = package.rpartition(".")[0]
    return f"{package}.{node.module}" if node.module else package


def imports_of(module: str) -> set[str]:
    """The web modules ``module`` imports anywhere in its body (inside functions too): a
    ``from package import name`` counts as importing ``package.name`` when that is a module,
    else ``package`` itself."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(module, node)
            for alias in node.names:
                found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base)
    return {name for name in found if name in MODULES and name != module}


GRAPH = {module: imports_of(module) for module in MODULES}


def feature_of(module: str) -> str | None:
    """The feature package a module belongs to (``designer`` …), None for the plumbing."""
    parts = module.removeprefix(WEB + ".").split(".")
    package = f"{WEB}.{parts[0]}"
    return parts[0] if module != WEB and package in PACKAGES else None


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a path that ends where it starts, or None."""
    state: dict[str, str] = {}
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = "open"
        path.append(node)
        for target in sorted(graph[node]):
            if state.get(target) == "open":
                return path[path.index(target) :] + [target]
            if target not in state and (cycle := visit(target)):
                return cycle
        state[node] = "done"
        path.pop()
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_the_reading_sees_the_features_and_their_imports():
    features = {feature_of(m) for m in MODULES} - {None}
    assert {"api", "auth", "capture", "designer", "public", "rules", "tracking"} <= features
    assert "workspace" in features
    assert f"{WEB}.designer.model" in GRAPH[f"{WEB}.designer.forms"]
    assert f"{WEB}.db" in GRAPH[f"{WEB}.public.submit"]
    assert f"{WEB}.workspace" in GRAPH[FACTORY]


def test_no_import_cycle_among_web_modules():
    assert find_cycle(GRAPH) is None, " -> ".join(find_cycle(GRAPH))


def test_the_cycle_finder_finds_the_circle_the_designer_had():
    old = {"designer": {"designer_apps"}, "designer_apps": {"designer", "db"}, "db": set()}
    assert find_cycle(old) == ["designer", "designer_apps", "designer"]


def test_a_feature_imports_only_itself_and_the_plumbing():
    crossing = [
        f"{module} imports {target}"
        for module, targets in GRAPH.items()
        if feature_of(module)
        for target in targets
        if feature_of(target) not in (None, feature_of(module))
    ]
    assert crossing == []


def test_the_plumbing_imports_no_feature_except_in_the_app_factory():
    upward = [
        f"{module} imports {target}"
        for module, targets in GRAPH.items()
        if feature_of(module) is None and module != FACTORY
        for target in targets
        if feature_of(target)
    ]
    assert upward == []


def _blueprint_uses(module: str) -> list[str]:
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    uses = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Blueprint":
            uses.append(f"{module}:{node.lineno} makes a Blueprint")
        if isinstance(node, ast.ImportFrom) and any(a.name == "bp" for a in node.names):
            uses.append(f"{module}:{node.lineno} imports a blueprint")
        if isinstance(node, ast.Attribute) and getattr(node.value, "id", None) == "bp":
            uses.append(f"{module}:{node.lineno} uses bp.{node.attr}")
    return uses


def test_blueprints_are_made_and_routed_only_in_their_package_init():
    outside = [
        use
        for module in MODULES
        if not (module in PACKAGES and feature_of(module))
        for use in _blueprint_uses(module)
    ]
    assert outside == []
    for package in PACKAGES:
        if feature_of(package):
            assert any("makes a Blueprint" in use for use in _blueprint_uses(package)), package
