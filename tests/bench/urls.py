"""The bench server's URLconf: the portal's, plus the signed-in floor. Used only by `tests.bench.settings`, never
by the product (`smedx_portal.urls` has no bench route)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import path
from django.views.decorators.http import require_POST

from smedx_portal.urls import urlpatterns as portal_urlpatterns
from tests.bench.bare.urls import read_one_row


@login_required
@require_POST
def signed_in_post(request):
    """What every signed-in form POST costs before its own work (the project's middleware: session, user, CSRF,
    locale, messages, CSP, history; then a redirect): the floor under the survey's save."""
    return redirect("assessment:home")


# The portal's list itself (its language prefixes must stay in the root URLconf), after the floor and the bare
# app's view (for `tests.bench.floor`'s in-process reference, run there with no middleware at all).
urlpatterns = [
    path("bench/gui-khi-da-dang-nhap/", signed_in_post, name="bench_signed_in_post"),
    path("mot-dong/", read_one_row, name="bench_bare"),
    *portal_urlpatterns,
]
