"""The catalogue and the provider endpoints of the API (/api/v1/catalogue/…, /api/v1/provider/…), and the
webhook events of usage registrations.

A provider key (owned by a `Provider`) sees only the registrations of its own platforms: anyone else's is a 404.
Confirming and rejecting go through `platforms.services` (the same functions as the provider dashboard).
`smedx_portal/api/urls.py` includes this module's `urlpatterns`.
"""

from __future__ import annotations

from django.urls import path

from platforms.api.catalogue import CatalogueGroupListView
from platforms.api.figures import UsageFiguresView
from platforms.api.leads import (
    UsageRegistrationConfirmView,
    UsageRegistrationDetailView,
    UsageRegistrationListView,
    UsageRegistrationRejectView,
    registrations_of,
    usage_registration_event,
)

__all__ = ["registrations_of", "urlpatterns", "usage_registration_event"]

urlpatterns = [
    path("catalogue/groups/", CatalogueGroupListView.as_view(), name="catalogue-groups"),
    path("provider/usage-registrations/", UsageRegistrationListView.as_view(), name="usage-registrations"),
    path(
        "provider/usage-registrations/<int:pk>/",
        UsageRegistrationDetailView.as_view(),
        name="usage-registration",
    ),
    path(
        "provider/usage-registrations/<int:pk>/confirm/",
        UsageRegistrationConfirmView.as_view(),
        name="usage-registration-confirm",
    ),
    path(
        "provider/usage-registrations/<int:pk>/reject/",
        UsageRegistrationRejectView.as_view(),
        name="usage-registration-reject",
    ),
    path("provider/usage-figures/", UsageFiguresView.as_view(), name="usage-figures"),
]
