"""The import layering: core at the bottom, ``base`` above it, the apps above that,
the project on top; no import runs back up.

* ``wangge.core`` is plain Python: it imports no Django and no app.
* ``wangge.base`` is what every app shares (the frame, masking, the scoped admin,
  parameters, forms, the role questions): it imports the core and no app.
* An app is a top-level package under ``wangge`` other than ``core`` and
  ``project``. Apps import no project module (settings, root urls, wsgi, the home
  page, the ``wangge`` command) and never each other in a circle.

The graph is read from the source with ``ast``: every ``import`` and
``from … import``, at the top of a module or inside a function (a lazy import is a
dependency all the same).
"""

import ast
import subprocess
import sys
from pathlib import Path

import wangge
import wangge.core

ROOT = Path(wangge.__file__).parent
CORE = Path(wangge.core.__file__).parent
FORBIDDEN = (
    "django",
    "rest_framework",
    "simple_history",
    "django_tasks",
    "wangge.base",
    "wangge.org",
    "wangge.customers",
    "wangge.territory",
)
PROJECT_MODULES = ("wangge.project", "wangge.cli")
APPS = sorted(
    p.name
    for p in ROOT.iterdir()
    if (p / "__init__.py").exists() and p.name not in ("core", "project")
)


def imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def app_of(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "wangge" or len(parts) < 2 or parts[1] not in APPS:
        return None
    return parts[1]


def app_modules(app: str):
    """The app's source, migrations aside (they name other apps' tables by label)."""
    for path in (ROOT / app).rglob("*.py"):
        if "migrations" not in path.relative_to(ROOT).parts:
            yield path


def app_graph(apps=APPS) -> dict[str, set[str]]:
    """app → the other apps it imports."""
    graph: dict[str, set[str]] = {app: set() for app in apps}
    for app in apps:
        for path in app_modules(app):
            for module in imported_modules(path):
                other = app_of(module)
                if other is not None and other != app and other in graph:
                    graph[app].add(other)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of two or more apps (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return sorted(found)


def test_no_core_module_names_django_or_the_shared_layer():
    offenders = {
        str(path.relative_to(CORE)): sorted(
            m for m in imported_modules(path) if m.startswith(FORBIDDEN)
        )
        for path in CORE.rglob("*.py")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_no_core_module_imports_an_app_or_any_wangge_module_outside_the_core():
    offenders = {
        str(path.relative_to(CORE)): sorted(
            m
            for m in imported_modules(path)
            if m.split(".")[0] == "wangge"
            and not (m == "wangge.core" or m.startswith("wangge.core."))
        )
        for path in CORE.rglob("*.py")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_importing_every_core_module_loads_no_django():
    modules = [
        "wangge.core." + ".".join(p.relative_to(CORE).with_suffix("").parts)
        for p in CORE.rglob("*.py")
        if p.name != "__init__.py"
    ]
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('django', 'rest_framework')]\n"
        "print(','.join(bad)); sys.exit(1 if bad else 0)\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env={"PATH": ""}
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_the_apps_are_the_packages_beside_the_core():
    assert {"base", "org", "territory", "customers", "appraisal", "pay"} <= set(APPS)
    assert "core" not in APPS and "project" not in APPS


def test_no_app_imports_a_project_module():
    offenders = {
        str(path.relative_to(ROOT)): sorted(
            m for m in imported_modules(path) if m.startswith(PROJECT_MODULES)
        )
        for app in APPS
        for path in app_modules(app)
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_base_imports_no_app():
    assert app_graph()["base"] <= {"engines"}


def test_no_import_cycle_between_apps():
    assert cycles(app_graph()) == []


def test_the_cycle_finder_finds_a_circle_and_only_a_circle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert cycles(graph) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


#: the most lines a module outside the core may have (a module that needs more holds
#: more than one business: split it, as ``appraisal/models/`` and ``pay/models/`` are)
MAX_LINES = 500

#: modules still longer, each being cut down; remove a name when its file is short
LONG_MODULES: dict[str, str] = {}


def module_lengths() -> dict[str, int]:
    """Lines of every module under ``wangge`` outside the core and the migrations."""
    lengths = {}
    for path in ROOT.rglob("*.py"):
        rel = path.relative_to(ROOT)
        if rel.parts[0] == "core" or "migrations" in rel.parts:
            continue
        lengths[rel.as_posix()] = len(path.read_text(encoding="utf-8").splitlines())
    return lengths


def test_no_module_outside_the_core_and_migrations_passes_500_lines():
    too_long = {
        name: n
        for name, n in module_lengths().items()
        if n > MAX_LINES and name not in LONG_MODULES
    }
    assert too_long == {}


def test_the_long_modules_allowed_are_still_long():
    lengths = module_lengths()
    assert {name for name in LONG_MODULES if lengths.get(name, 0) <= MAX_LINES} == set()
