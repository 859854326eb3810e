"""The method page: how each published criteria set scores, generated from the sets' own data."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_GET

from assessment.method import method_sets
from assessment.pages import LEVEL_DETAILS
from smedx_portal.levels import LEVEL_MEANINGS, Level


@require_GET
def method(request):
    levels = [(level, LEVEL_MEANINGS[level], LEVEL_DETAILS[level]) for level in Level]
    return render(request, "assessment/method.html", {"sets": method_sets(), "levels": levels})
