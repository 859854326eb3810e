"""Apps depend on each other one way only (DESIGN.md): an app imports only apps to its right, and the core."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORE = "smedx_portal"
ALLOWED = {
    CORE: set(),
    "accounts": {CORE},
    "businesses": {CORE, "accounts"},
    "platforms": {CORE, "accounts", "businesses"},
    "experts": {CORE, "accounts", "businesses"},
    "assessment": {CORE, "accounts", "businesses", "platforms", "experts"},
    "campaigns": {CORE, "accounts", "businesses", "platforms", "experts", "assessment"},
    "reports": {CORE, "accounts", "businesses", "platforms", "experts", "assessment", "campaigns"},
    # Programme management (issue 17) sits on top: plans, reports to the ministry, the working group.
    "programmes": {
        CORE,
        "accounts",
        "businesses",
        "platforms",
        "experts",
        "assessment",
        "campaigns",
        "reports",
    },
}
# The URL configuration is the one place that knows every app.
KNOWS_EVERY_APP = {ROOT / CORE / "urls.py", ROOT / CORE / "api" / "urls.py"}


def imported_apps(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names & set(ALLOWED)


def app_modules():
    for app in ALLOWED:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts and path not in KNOWS_EVERY_APP:
                yield app, path


@pytest.mark.parametrize(
    ("app", "path"), list(app_modules()), ids=lambda value: str(value).replace(str(ROOT), "")
)
def test_imports_point_one_way(app, path):
    forbidden = imported_apps(path) - ALLOWED[app] - {app}
    assert not forbidden, (
        f"{path.relative_to(ROOT)} imports {sorted(forbidden)}, against the dependency order"
    )
