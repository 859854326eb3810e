"""Catalogue and provider endpoints of the API (/api/v1/catalogue/…, /api/v1/provider/…)."""

urlpatterns: list = []
