"""The support request form (the hotline in writing) and the requester's status page."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from experts.forms import SupportRequestForm
from experts.models import SupportRequest
from experts.ratelimit import RateLimited
from experts.services.support import support_request_create
from experts.views._helpers import client_ip


def support_new(request):
    initial = {}
    if request.user.is_authenticated:
        initial = {"name": request.user.full_name, "phone": request.user.phone, "email": request.user.email}
    form = SupportRequestForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        key = f"user:{request.user.pk}" if request.user.is_authenticated else f"ip:{client_ip(request)}"
        try:
            support_request = support_request_create(user=request.user, client_key=key, **form.cleaned_data)
            return redirect(support_request)
        except RateLimited as error:
            form.add_error(None, str(error))
            status = 429
    return render(request, "experts/support_form.html", {"form": form}, status=status)


@require_GET
def support_status(request, token: str):
    """Reached by the unguessable link sent to the requester."""
    support_request = get_object_or_404(SupportRequest, token=token)
    return render(request, "experts/support_status.html", {"support_request": support_request})
