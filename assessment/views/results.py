"""The result page of a submitted assessment and the officers' verification of it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.models import Role
from accounts.permissions import role_required
from assessment import selectors, services
from assessment.models import VerificationStatus
from assessment.result_page import result_context


@login_required
@require_GET
def result(request, pk: int):
    assessment = selectors.assessment_for_user_or_404(request.user, pk)
    if not assessment.is_submitted:
        return redirect("assessment:resume", pk=pk)
    context = result_context(user=request.user, assessment=assessment)
    return render(request, "assessment/result.html", context)


@role_required(Role.PROVINCE_OFFICER, Role.MINISTRY_STAFF)
@require_POST
def verify(request, pk: int):
    assessment = selectors.assessment_for_user_or_404(request.user, pk)
    status = request.POST.get("status", "")
    try:
        services.assessment_verify(
            assessment=assessment, actor=request.user, status=status, reason=request.POST.get("reason", "")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if status == VerificationStatus.VERIFIED:
            messages.success(request, _("Đã xác nhận kết quả. Giấy chứng nhận đang được tạo."))
        else:
            messages.success(request, _("Đã ghi nhận: không xác nhận kết quả."))
    return redirect("assessment:result", pk=pk)
