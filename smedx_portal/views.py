from django.contrib import messages
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from smedx_portal.certificates import (
    certificate_pdf_invalidate,
    certificate_pdf_is_current,
    certificate_pdf_request,
    verification_url,
)
from smedx_portal.health import health_report
from smedx_portal.models import Certificate
from smedx_portal.pdf import qr_svg


@require_GET
def favicon(request):
    """Browsers and bots ask for /favicon.ico whatever the page links: send them to the static file."""
    return redirect(static("favicon.ico"), permanent=True)


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


@require_GET
def certificate_lookup(request):
    number = request.GET.get("number", "").strip().upper()
    if number:
        if Certificate.objects.filter(number=number).exists():
            return redirect("certificate_verify", number=number)
        messages.error(request, _("Không tìm thấy chứng nhận số %(number)s.") % {"number": number})
    return render(request, "core/certificate_lookup.html", {"number": number})


@require_GET
def certificate_verify(request, number: str):
    certificate = get_object_or_404(Certificate, number=number.upper())
    url = verification_url(certificate)
    return render(
        request,
        "core/certificate_verify.html",
        {"certificate": certificate, "verification_url": url, "qr_svg": qr_svg(url)},
    )


@require_GET
def certificate_pdf(request, number: str):
    certificate = get_object_or_404(Certificate, number=number.upper())
    if not certificate_pdf_is_current(certificate):  # never a PDF printing an old (sequential) number
        certificate_pdf_invalidate(certificate)
        certificate_pdf_request(certificate)
        raise Http404(_("Tệp PDF đang được tạo, vui lòng thử lại sau ít phút."))
    return FileResponse(
        certificate.pdf.open("rb"), content_type="application/pdf", filename=f"{certificate.number}.pdf"
    )
