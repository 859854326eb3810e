"""Every app's read side imports directly, without `try` or lazy model lookups: a dashboard never shows 0
because an import failed (issue 21, item 6)."""

import importlib
import importlib.util
from pathlib import Path

from django.apps import apps

ROOT = Path(__file__).resolve().parents[2]


def test_every_apps_selectors_import_without_try():
    project_apps = [config.name for config in apps.get_app_configs() if Path(config.path).parent == ROOT]
    with_selectors = [name for name in project_apps if importlib.util.find_spec(f"{name}.selectors")]
    assert {"assessment", "reports", "businesses", "platforms", "experts"} <= set(with_selectors)
    for name in with_selectors:
        module = importlib.import_module(f"{name}.selectors")
        source = Path(module.__file__).read_text(encoding="utf-8")
        assert "except ImportError" not in source and "apps.get_model(" not in source, name
