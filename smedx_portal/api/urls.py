"""/api/: the schema, the docs and version 1. Each app's endpoints come from its own `api.py` (included by
name, as the root URLconf does, so the core imports no app)."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView

from smedx_portal.api import views
from smedx_portal.api.errors import api_not_found

v1 = [
    path("key/", views.KeyInfoView.as_view(), name="key"),
    path("webhook/", views.WebhookEndpointView.as_view(), name="webhook"),
    path("webhook/rotate-secret/", views.WebhookRotateSecretView.as_view(), name="webhook-rotate-secret"),
    path("webhook/deliveries/", views.WebhookDeliveryListView.as_view(), name="webhook-deliveries"),
    path("", include("platforms.api")),
    path("", include("businesses.api")),
    path("", include("assessment.api")),
]

app_name = "api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", views.DocsView.as_view(url_name="api:schema"), name="docs"),
    path("v1/", include(v1)),
    re_path(r"^[\s\S]*$", api_not_found),  # [\s\S], not ".": a path with a newline is an API 404 too
]
