"""Demo step for reports (`make run`): dashboards and segments reflect whatever the other demo loaders made."""

from __future__ import annotations

from businesses.stats import stats_rebuild, stats_recount
from reports.segments import segments_refresh


def load_demo_reports() -> dict:
    """Rebuild the summary tables if a demo loader skipped them, then compute the segments."""
    rebuilt = any(stats_recount().values())
    if rebuilt:
        stats_rebuild()
    return {"rebuilt": rebuilt, "segments": segments_refresh()}
