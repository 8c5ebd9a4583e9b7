"""The core is plain Python: nothing under wangge.core may reach for Django."""

import ast
import subprocess
import sys
from pathlib import Path

import wangge.core

CORE = Path(wangge.core.__file__).parent
FORBIDDEN = (
    "django",
    "rest_framework",
    "simple_history",
    "django_tasks",
    "wangge.web",
    "wangge.org",
    "wangge.customers",
    "wangge.territory",
)


def imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_no_core_module_names_django_or_the_web_shell():
    offenders = {
        str(path.relative_to(CORE)): sorted(
            m for m in imported_modules(path) if m.startswith(FORBIDDEN)
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
