"""Architecture: the project reaches into no other code's private attributes (`obj._name`).

Every Python file of the project (not .venv, not migrations) is parsed and each attribute access `x._name` is
checked. Allowed, and only these:
- the language's own dunder names (`__class__`, `__dict__`…);
- `_meta`, which Django documents as the public model API;
- django-simple-history's documented `_history_user` and `_change_reason`;
- the documented namedtuple methods (`_replace`, `_asdict`, `_fields`);
- a class's own attributes, reached through `self`, `cls` or `super()`.
Anything else (a private Django or library attribute, or a value hidden on someone else's object) fails here
with the file and line.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ALLOWED = {"_meta", "_history_user", "_change_reason", "_replace", "_asdict", "_fields"}
OWN = {"self", "cls", "super()"}
SKIPPED = {".venv", "migrations", "node_modules", ".git", "staticfiles"}


def project_files() -> list[Path]:
    return [path for path in ROOT.rglob("*.py") if not SKIPPED.intersection(path.relative_to(ROOT).parts)]


def private_accesses(source: str) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Attribute) or not node.attr.startswith("_"):
            continue
        name = node.attr
        if (name.startswith("__") and name.endswith("__")) or name in ALLOWED:
            continue
        receiver = ast.unparse(node.value)
        if receiver in OWN:
            continue
        found.append((node.lineno, f"{receiver}.{name}"))
    return found


def test_the_scanner_finds_private_access_and_allows_the_list():
    source = "a._meta\nb._history_user\nc.__class__\nself._x\nsuper()._y()\nconnection._prepare_cursor(1)\n"
    assert private_accesses(source) == [(6, "connection._prepare_cursor")]


def test_no_private_attribute_of_anything_else_is_used():
    files = project_files()
    assert len(files) > 100  # the scan sees the project
    offences = [
        f"{path.relative_to(ROOT)}:{line}: {access}"
        for path in files
        for line, access in private_accesses(path.read_text(encoding="utf-8"))
    ]
    assert offences == [], "private attributes used:\n" + "\n".join(offences)
