"""The provider's agreements with the programme: read the terms and the offers attached, sign (the legal
representative's account or a signed PDF), download the signed copy. Staff see them too."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from platforms import services
from platforms.models import Agreement, AgreementStatus
from platforms.partnership_forms import AgreementSignForm
from platforms.views.common import _error_text, _is_staff


def _visible_agreement_or_404(user, pk: int) -> Agreement:
    agreement = get_object_or_404(
        Agreement.objects.select_related("platform__provider", "terms", "signed_by", "renewed_from"), pk=pk
    )
    staff = _is_staff(user) or agreement.programme in services.staff_programmes(user)
    owner = agreement.platform.provider.owner_id == user.pk and agreement.status != AgreementStatus.DRAFT
    if not (staff or owner):
        raise Http404
    return agreement


@login_required
@require_GET
def agreement_detail(request, pk: int):
    agreement = _visible_agreement_or_404(request.user, pk)
    can_sign = (
        agreement.status == AgreementStatus.SENT and agreement.platform.provider.owner_id == request.user.pk
    )
    return render(
        request,
        "platforms/agreements/detail.html",
        {
            "agreement": agreement,
            "offers": agreement.offers.order_by("valid_from", "pk"),
            "form": AgreementSignForm() if can_sign else None,
        },
    )


@login_required
@require_POST
def agreement_sign(request, pk: int):
    agreement = _visible_agreement_or_404(request.user, pk)
    form = AgreementSignForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(
            request,
            "platforms/agreements/detail.html",
            {"agreement": agreement, "offers": agreement.offers.order_by("valid_from", "pk"), "form": form},
            status=400,
        )
    try:
        services.agreement_sign(
            agreement=agreement, actor=request.user, signed_file=form.cleaned_data.get("signed_file")
        )
    except PermissionDenied as error:
        messages.error(request, str(error) or _("Bạn không có quyền ký thỏa thuận này."))
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(
            request, _("Đã ký thỏa thuận. Nền tảng được hiển thị là được lựa chọn trong danh mục.")
        )
    return redirect(agreement)


@login_required
@require_GET
def agreement_file(request, pk: int):
    agreement = _visible_agreement_or_404(request.user, pk)
    if not agreement.signed_file:
        raise Http404
    response = FileResponse(
        agreement.signed_file.open("rb"),
        content_type="application/pdf",
        filename=f"thoa-thuan-{agreement.pk}.pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response
