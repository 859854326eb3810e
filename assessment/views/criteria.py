"""Staff pages for the criteria sets: the list (programme, version, source, status, approvals) and one set's
page where the ministry reviews, each ministry approves, the ministry publishes or retires it, or starts a new
version with the list of what changes. Every decision goes through the services (audited)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.models import Role
from accounts.permissions import role_required
from assessment.models import CriteriaSet, Ministry
from assessment.services import criteria_sets
from assessment.structure import structure_for
from assessment.timeline import version_label

STAFF = (Role.MINISTRY_STAFF, Role.MOIT_STAFF)


@role_required(*STAFF)
def criteria_list(request):
    sets = CriteriaSet.objects.order_by("programme", "-version").prefetch_related("approvals__approved_by")
    return render(request, "assessment/criteria_list.html", {"sets": sets})


def _decide(request, criteria_set: CriteriaSet):
    action = request.POST.get("action", "")
    actor = request.user
    if action == "review":
        criteria_sets.criteria_set_review(
            criteria_set=criteria_set, actor=actor, note=request.POST.get("note", "")
        )
        return _("Đã đánh dấu rà soát.")
    if action == "approve":
        criteria_sets.criteria_set_approve(
            criteria_set=criteria_set,
            actor=actor,
            document=request.POST.get("document", ""),
            note=request.POST.get("note", ""),
        )
        return _("Đã ghi nhận phê duyệt.")
    if action == "publish":
        criteria_sets.criteria_set_publish(criteria_set=criteria_set, actor=actor)
        return _("Đã công bố bộ tiêu chí.")
    if action == "retire":
        criteria_sets.criteria_set_retire(
            criteria_set=criteria_set, actor=actor, reason=request.POST.get("reason", "")
        )
        return _("Đã chuyển bộ tiêu chí sang trạng thái thay thế.")
    if action == "new_version":
        copy = criteria_sets.criteria_set_new_version(
            criteria_set=criteria_set, actor=actor, changes=request.POST.get("changes", "").splitlines()
        )
        return _("Đã tạo bản nháp phiên bản %(version)s.") % {"version": copy.version}
    raise ValidationError(_("Thao tác không hợp lệ."))


@role_required(*STAFF)
@require_http_methods(["GET", "POST"])
def criteria_detail(request, pk: int):
    criteria_set = get_object_or_404(CriteriaSet, pk=pk)
    if request.method == "POST":
        try:
            if request.POST.get("action") in ("publish", "retire", "new_version") and (
                criteria_sets.ministry_of(request.user) != Ministry.MOST
            ):
                raise PermissionDenied
            messages.success(request, _decide(request, criteria_set))
        except ValidationError as exc:
            messages.error(request, "; ".join(exc.messages))
        except PermissionDenied:
            messages.error(request, _("Bạn không có quyền thực hiện thao tác này."))
        return redirect("assessment:criteria_detail", pk=pk)
    structure = structure_for(criteria_set)
    approvals = list(criteria_set.approvals.select_related("approved_by"))
    ministry = criteria_sets.ministry_of(request.user)
    return render(
        request,
        "assessment/criteria_detail.html",
        {
            "criteria_set": criteria_set,
            "label": version_label(criteria_set),
            "pillars": [(pillar, len(pillar.question_list)) for pillar in structure.pillars],
            "approvals": approvals,
            "missing": [
                Ministry(code).label
                for code in criteria_set.required_ministries
                if code not in {approval.ministry for approval in approvals}
            ],
            "my_ministry": Ministry(ministry).label if ministry else "",
            "is_ministry": ministry == Ministry.MOST,
        },
    )
