"""The network's public pages (directory, profiles, rules) and applying to it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.permissions import is_ministry_staff
from experts import selectors
from experts.forms import ApplicationForm, DirectoryFilterForm, DocumentForm
from experts.models import ApplicationDocument, ApplicationStatus, Expert, ExpertApplication, NetworkRules
from experts.services.applications import application_add_document, application_resubmit, application_submit
from experts.views._helpers import error_text, paginate


@require_GET
def directory(request):
    form = DirectoryFilterForm(request.GET or None)
    filters = {key: value for key, value in form.cleaned_data.items() if value} if form.is_valid() else {}
    page = paginate(request, selectors.directory(**filters))
    return render(
        request,
        "experts/directory.html",
        {"form": form, "page": page, "progress": selectors.network_progress(), "filtered": bool(filters)},
    )


@require_GET
def profile(request, pk: int):
    expert = get_object_or_404(
        Expert.objects.public()
        .select_related("certificate")
        .prefetch_related("specialties", "provinces", "sectors"),
        pk=pk,
    )
    return render(
        request, "experts/profile.html", {"expert": expert, "ratings": selectors.recent_ratings(expert)}
    )


@require_GET
def rules(request):
    return render(
        request, "experts/rules.html", {"rules": NetworkRules.objects.order_by("-updated_at").first()}
    )


def _current_application(user) -> ExpertApplication | None:
    return (
        ExpertApplication.objects.filter(user=user).exclude(status=ApplicationStatus.REJECTED).first()
        or ExpertApplication.objects.filter(user=user).order_by("-submitted_at").first()
    )


@login_required
def apply(request):
    """A new application, or the edit-and-resubmit form when staff asked for more information."""
    application = _current_application(request.user)
    if application is not None and application.status not in {
        ApplicationStatus.NEEDS_INFO,
        ApplicationStatus.REJECTED,
    }:
        return redirect("experts:my_application")
    editing = application if application is not None and application.is_editable else None
    form = ApplicationForm(request.POST or None, instance=editing)
    if request.method == "POST" and form.is_valid():
        try:
            if editing:
                application = application_resubmit(
                    application=editing, user=request.user, data=form.service_data()
                )
                messages.success(request, _("Đã nộp lại hồ sơ. Cán bộ sẽ xem xét và báo cho bạn qua SMS."))
            else:
                application = application_submit(user=request.user, data=form.service_data())
                messages.success(
                    request, _("Đã nộp hồ sơ. Bạn có thể tải lên bằng cấp, chứng chỉ ở trang này.")
                )
            return redirect("experts:my_application")
        except ValidationError as error:
            form.add_error(None, error)
    return render(request, "experts/apply.html", {"form": form, "application": editing})


@login_required
@require_GET
def my_application(request):
    application = _current_application(request.user)
    if application is None:
        return redirect("experts:apply")
    return render(
        request,
        "experts/my_application.html",
        {
            "application": application,
            "documents": application.documents.all(),
            "document_form": DocumentForm(),
            "expert": getattr(request.user, "expert_profile", None)
            if application.status == "approved"
            else None,
        },
    )


@login_required
@require_POST
def upload_document(request):
    application = _current_application(request.user)
    if application is None:
        raise Http404
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            application_add_document(
                application=application, user=request.user, upload=form.cleaned_data["file"]
            )
            messages.success(request, _("Đã tải lên tài liệu."))
        except ValidationError as error:
            messages.error(request, error_text(error))
    else:
        messages.error(request, " ".join(form.errors.get("file", [])))
    return redirect("experts:my_application")


@login_required
@require_GET
def document(request, pk: int):
    """Documents are private: only the applicant and staff get them; anyone else gets 404."""
    document = get_object_or_404(ApplicationDocument.objects.select_related("application"), pk=pk)
    if not (is_ministry_staff(request.user) or document.application.user_id == request.user.pk):
        raise Http404
    response = FileResponse(
        document.file.open("rb"),
        content_type=document.content_type,
        as_attachment=True,
        filename=document.name,
    )
    response["Cache-Control"] = "private, no-store"
    return response
