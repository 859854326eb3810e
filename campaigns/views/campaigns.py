"""Staff pages for SMS campaigns. Province officers see and act on their province's campaigns only (404
for any other), and their segments are always limited to their province."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import Role
from accounts.permissions import role_required, scope_to_province
from businesses.models import BusinessKind, Sector, Ward
from campaigns.forms import CampaignForm, ReasonForm, ScheduleForm, SegmentForm, platform_group_choices
from campaigns.models import CampaignStatus, SmsCampaign
from campaigns.rules import in_send_window
from campaigns.segments import recipient_count
from campaigns.services import campaigns as svc
from campaigns.services.sending import message_counts, segment_of
from campaigns.sms_text import SAMPLE_PHONE, footer, preview
from smedx_portal.levels import Level
from smedx_portal.models import AuditEntry
from smedx_portal.programmes import Programme
from smedx_portal.sms.encoding import strip_diacritics

staff_or_officer = role_required(Role.PROVINCE_OFFICER, Role.MINISTRY_STAFF)


def _campaign_for(user, pk: int) -> SmsCampaign:
    """A campaign in the user's scope; 404 for another province's (ids leak nothing)."""
    return get_object_or_404(scope_to_province(SmsCampaign.objects.select_related("province"), user), pk=pk)


def _errors(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


@staff_or_officer
@require_GET
def campaign_list(request):
    campaigns = scope_to_province(SmsCampaign.objects.select_related("province", "created_by"), request.user)
    status = request.GET.get("status", "")
    if status in CampaignStatus.values:
        campaigns = campaigns.filter(status=status)
    page = Paginator(campaigns, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "campaigns/campaign_list.html",
        {"page": page, "status": status, "statuses": CampaignStatus.choices},
    )


def _compose_context(form: CampaignForm) -> dict:
    return {
        "form": form,
        "footer_sample": footer(SAMPLE_PHONE),
        "footer_sample_plain": strip_diacritics(footer(SAMPLE_PHONE)),
        "approval_threshold": settings.CAMPAIGN_APPROVAL_THRESHOLD,
    }


@staff_or_officer
@require_http_methods(["GET", "POST"])
def campaign_create(request):
    form = CampaignForm(request.POST or None, user=request.user, initial={"kind": "info"})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            campaign = svc.campaign_create(
                actor=request.user,
                title=data["title"],
                kind=data["kind"],
                text=data["text"],
                strip_accents=data["strip_accents"],
                segment=form.segment(),
            )
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Đã lưu bản nháp chiến dịch."))
            return redirect(campaign)
    return render(request, "campaigns/campaign_form.html", _compose_context(form))


@staff_or_officer
@require_http_methods(["GET", "POST"])
def campaign_edit(request, pk: int):
    campaign = _campaign_for(request.user, pk)
    if not campaign.is_editable:
        messages.error(request, _("Chiến dịch đã gửi hoặc đã hẹn giờ thì không sửa được."))
        return redirect(campaign)
    form = CampaignForm(request.POST or None, user=request.user, initial=CampaignForm.initial_from(campaign))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            svc.campaign_update(
                campaign=campaign,
                actor=request.user,
                title=data["title"],
                kind=data["kind"],
                text=data["text"],
                strip_accents=data["strip_accents"],
                segment=form.segment(),
            )
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Đã cập nhật chiến dịch."))
            return redirect(campaign)
    return render(request, "campaigns/campaign_form.html", {**_compose_context(form), "campaign": campaign})


def _progress(campaign: SmsCampaign) -> dict:
    counts = message_counts(campaign)
    processed = sum(counts.values()) - counts["claimed"] - counts["queued"]
    total = max(campaign.recipient_count or 0, processed)
    return {
        "status": campaign.status,
        "status_label": campaign.get_status_display(),
        "counts": counts,
        "processed": processed,
        "total": total,
        "sent": counts["sent"] + counts["delivered"],
        "delivered": counts["delivered"],
        "failed": counts["failed"],
        "skipped": counts["skipped"],
        "waiting": counts["queued"],
        "unknown": counts["unknown"],
        "next_batch_at": campaign.next_batch_at.isoformat() if campaign.next_batch_at else None,
        "finished": campaign.status in (CampaignStatus.COMPLETED, CampaignStatus.CANCELLED),
    }


def _describe(campaign: SmsCampaign) -> list[tuple[str, str]]:
    """The segment in words, for the campaign page."""
    segment = segment_of(campaign)
    rows = [(_("Phạm vi"), str(campaign.province) if campaign.province else _("Toàn quốc"))]
    if segment.programme:
        rows.append((_("Chương trình"), str(Programme(segment.programme).label)))
    if segment.ward_id:
        rows.append((_("Xã/phường"), str(Ward.objects.filter(pk=segment.ward_id).first() or segment.ward_id)))
    if segment.kinds:
        rows.append((_("Loại hình"), ", ".join(str(BusinessKind(kind).label) for kind in segment.kinds)))
    if segment.sector_id:
        rows.append(
            (_("Ngành nghề"), str(Sector.objects.filter(pk=segment.sector_id).first() or segment.sector_id))
        )
    if segment.levels:
        rows.append((_("Mức độ"), ", ".join(str(Level(level).label) for level in segment.levels)))
    if segment.never_surveyed:
        rows.append((_("Khảo sát"), _("Đã đăng ký nhưng chưa từng khảo sát")))
    if segment.surveyed_months_ago:
        rows.append(
            (_("Khảo sát gần nhất"), _("cách đây hơn %(n)s tháng") % {"n": segment.surveyed_months_ago})
        )
    if segment.platform_group_id:
        labels = dict(platform_group_choices())
        rows.append(
            (
                _("Đã đăng ký dùng nền tảng thuộc nhóm"),
                labels.get(str(segment.platform_group_id), str(segment.platform_group_id)),
            )
        )
    return rows


@staff_or_officer
@require_GET
def campaign_detail(request, pk: int):
    campaign = _campaign_for(request.user, pk)
    text, length = preview(
        text=campaign.text, promotional=campaign.is_promotional, strip_accents=campaign.strip_accents
    )
    live_count = recipient_count(segment_of(campaign)) if campaign.is_editable else None
    count = live_count if live_count is not None else campaign.recipient_count or 0
    user = request.user
    context = {
        "campaign": campaign,
        "segment_summary": _describe(campaign),
        "message_text": text,
        "length": length,
        "recipient_count": count,
        "needs_approval": svc.needs_approval(count),
        "approval_threshold": settings.CAMPAIGN_APPROVAL_THRESHOLD,
        "is_composer": campaign.created_by_id == user.pk,
        "progress": _progress(campaign) if not campaign.is_editable else None,
        "in_window": in_send_window(timezone.now()),
        "schedule_form": ScheduleForm(),
        "reason_form": ReasonForm(),
        "log": AuditEntry.objects.for_object(campaign).select_related("actor")[:20],
    }
    return render(request, "campaigns/campaign_detail.html", context)


@never_cache
@staff_or_officer
@require_GET
def campaign_progress(request, pk: int):
    campaign = _campaign_for(request.user, pk)
    return JsonResponse(_progress(campaign))


@never_cache
@staff_or_officer
@require_GET
def segment_count(request):
    """The recipient count for the segment being composed (the compose page asks as fields change)."""
    form = SegmentForm(request.GET, user=request.user)
    if not form.is_valid():
        return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
    count = recipient_count(form.segment())
    return JsonResponse(
        {
            "count": count,
            "needs_approval": svc.needs_approval(count),
            "threshold": settings.CAMPAIGN_APPROVAL_THRESHOLD,
        }
    )


@staff_or_officer
@require_GET
def ward_options(request):
    try:
        province_id = int(request.GET.get("province", ""))
    except ValueError:
        return JsonResponse({"wards": []})
    form = SegmentForm(user=request.user)
    if form.fixed_province_id and province_id != form.fixed_province_id:
        raise Http404
    wards = Ward.objects.filter(province_id=province_id).order_by("name").values_list("code", "name")
    return JsonResponse({"wards": [[code, name] for code, name in wards]})


ACTIONS = {"submit", "approve", "reject", "send", "schedule", "pause", "resume", "cancel", "test"}


@staff_or_officer
@require_POST
def campaign_action(request, pk: int, action: str):
    if action not in ACTIONS:
        raise Http404
    campaign = _campaign_for(request.user, pk)
    actor = request.user
    reason = ReasonForm(request.POST)
    reason_text = reason.cleaned_data["reason"] if reason.is_valid() else ""
    try:
        if action == "submit":
            svc.campaign_submit(campaign=campaign, actor=actor)
            messages.success(request, _("Đã gửi chiến dịch để cán bộ khác phê duyệt."))
        elif action == "approve":
            svc.campaign_approve(campaign=campaign, actor=actor, reason=reason_text)
            messages.success(request, _("Đã phê duyệt chiến dịch."))
        elif action == "reject":
            svc.campaign_reject(campaign=campaign, actor=actor, reason=reason_text)
            messages.success(request, _("Đã trả lại chiến dịch cho người soạn."))
        elif action == "send":
            svc.campaign_send_now(campaign=campaign, actor=actor)
            messages.success(request, _("Chiến dịch đang được gửi."))
        elif action == "schedule":
            form = ScheduleForm(request.POST)
            if not form.is_valid():
                raise ValidationError([e for errors in form.errors.values() for e in errors])
            svc.campaign_schedule(campaign=campaign, actor=actor, when=form.cleaned_data["when"])
            messages.success(request, _("Đã hẹn giờ gửi chiến dịch."))
        elif action == "pause":
            svc.campaign_pause(campaign=campaign, actor=actor)
            messages.success(request, _("Đã tạm dừng chiến dịch."))
        elif action == "resume":
            svc.campaign_resume(campaign=campaign, actor=actor)
            messages.success(request, _("Chiến dịch tiếp tục được gửi."))
        elif action == "cancel":
            svc.campaign_cancel(campaign=campaign, actor=actor, reason=reason_text)
            messages.success(request, _("Đã hủy chiến dịch."))
        elif action == "test":
            svc.campaign_test_send(campaign=campaign, actor=actor)
            messages.success(request, _("Đã gửi tin thử tới số %(phone)s.") % {"phone": actor.phone})
    except ValidationError as exc:
        _errors(request, exc)
    return redirect(campaign)
