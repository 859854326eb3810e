"""Writes of the programmes app, one module per workflow: plans, working group, reports, monitoring, outreach."""
