"""The one place that knows every app."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from smedx_portal import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("smedx_portal.api.urls")),  # the data-sharing API: one language-neutral address
]

urlpatterns += i18n_patterns(
    # The survey first: its addresses are the most requested, and each app tried before the one that matches
    # costs the resolver a failed match per pattern (no app's addresses overlap another's, so order is free).
    path("", include("assessment.urls")),
    path("", views.home, name="home"),
    path("chung-nhan/", views.certificate_lookup, name="certificate_lookup"),
    path("chung-nhan/<str:number>/", views.certificate_verify, name="certificate_verify"),
    path("chung-nhan/<str:number>/pdf/", views.certificate_pdf, name="certificate_pdf"),
    path("admin/", admin.site.urls),
    path("tai-khoan/", include("allauth.urls")),
    path("", include("accounts.urls")),
    path("", include("businesses.urls")),
    path("", include("platforms.urls")),
    path("", include("experts.urls")),
    path("", include("campaigns.urls")),
    path("", include("reports.urls")),
    path("", include("privacy.urls")),
    path("", include("programmes.urls")),
    prefix_default_language=False,
)
