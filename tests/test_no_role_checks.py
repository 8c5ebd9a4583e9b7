"""No code checks a role by hand: what a role may do is ``wangge.core.access.GRANTS``,
asked through ``wangge.org.scope.may``. A new ``role == "marketing"`` fails here."""

import ast
from pathlib import Path

import wangge
from wangge.core.access import ROLES

SRC = Path(wangge.__file__).parent
# where role names are data, not checks: the table itself and the demo city
ALLOWED = (SRC / "core" / "access.py", SRC / "core" / "demo")


def _is_role_literal(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant):
        return node.value in ROLES
    if isinstance(node, ast.Set | ast.Tuple | ast.List):
        return any(_is_role_literal(e) for e in node.elts)
    if isinstance(node, ast.Call) and getattr(node.func, "id", "") in {"set", "frozenset"}:
        return any(_is_role_literal(a) for a in node.args)
    return False


def role_checks(source: str) -> list[int]:
    """Lines that compare with a role name, or keep a set of role names to compare with."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Compare):
            if any(_is_role_literal(side) for side in [node.left, *node.comparators]):
                lines.append(node.lineno)
        elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Set | ast.Call):
            if _is_role_literal(node.value):
                lines.append(node.lineno)
    return lines


def test_the_check_catches_the_hand_written_forms():
    assert role_checks('ok = role == "center_director"') == [1]
    assert role_checks('ok = role in ("marketing", "auditor")') == [1]
    assert role_checks('MANAGERS = frozenset({"marketing"})') == [1]
    assert role_checks('ok = may(user, "pay.approve")') == []


def test_no_module_checks_a_role_by_hand():
    offenders = [
        f"{path.relative_to(SRC)}:{line}"
        for path in sorted(SRC.rglob("*.py"))
        if not any(path == a or a in path.parents for a in ALLOWED)
        for line in role_checks(path.read_text(encoding="utf-8"))
    ]
    assert offenders == [], "ask wangge.org.scope.may(user, action) instead"
