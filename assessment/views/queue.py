"""The officers' queue of results waiting for confirmation: each links to the result page, where the officer
confirms (the certificate is issued) or refuses with a reason."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.models import Role
from accounts.permissions import role_required
from assessment import selectors
from assessment.timeline import version_label
from smedx_portal.programmes import Programme

PAGE_SIZE = 20


@role_required(Role.PROVINCE_OFFICER, Role.MINISTRY_STAFF)
@require_GET
def confirmation_queue(request):
    programme = request.GET.get("programme", "")
    if programme not in Programme.values:
        programme = ""
    page = Paginator(selectors.confirmation_queue(request.user, programme=programme), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    for assessment in page.object_list:
        assessment.version_text = version_label(assessment.criteria_set)
    return render(
        request,
        "assessment/confirmation_queue.html",
        {"page": page, "programme": programme, "programmes": Programme.choices},
    )
