from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from smedx_portal.health import health_report


@require_GET
def home(request):
    return render(request, "home.html")


@never_cache
@require_GET
def healthz(request):
    services = health_report()
    healthy = all(state == "up" for state in services.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", "services": services}, status=200 if healthy else 503
    )
