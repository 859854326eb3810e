"""The catalogue's admin: reference data, providers and platforms, and the evaluation and selection back office."""

from platforms.admin import catalogue, listings, partnership, reviews  # noqa: F401  (registers the ModelAdmins)
