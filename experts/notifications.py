"""What the network tells people by SMS (and email when they have one), in the recipient's language.

Each event names the row it is about; `notification_send` (called by the Celery task) builds the text under
the recipient's language and sends it. Services queue events with `notify_on_commit`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from experts.text import plain_excerpt
from smedx_portal.sms import send_sms


@dataclass
class Note:
    phone: str
    email: str
    language: str
    subject: str
    text: str


def _url(path: str) -> str:
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def _for_user(user, subject: str, text: str) -> Note:
    return Note(
        phone=user.phone or "",
        email=user.email or "",
        language=user.language or "vi",
        subject=subject,
        text=text,
    )


def _build(event: str, object_id: int) -> Note | None:
    from experts.models import Consultation, Invitation, SupportRequest

    if event.startswith("application."):
        from experts.models import ExpertApplication

        application = ExpertApplication.objects.select_related("user").get(pk=object_id)
        user = application.user
        with translation.override(user.language or "vi"):
            link = _url("/chuyen-gia/ho-so-dang-ky/")
            texts = {
                "application.approved": _(
                    "Hồ sơ chuyên gia của bạn đã được chấp thuận. Bước tiếp theo: tham gia khóa đào tạo để được "
                    "cấp chứng nhận. %(link)s"
                ),
                "application.needs_info": _(
                    "Hồ sơ chuyên gia của bạn cần bổ sung: %(reason)s. Sửa và nộp lại tại %(link)s"
                ),
                "application.rejected": _(
                    "Hồ sơ chuyên gia của bạn không được chấp thuận. Lý do: %(reason)s"
                ),
            }
            text = texts[event] % {"reason": plain_excerpt(application.decision_reason, 160), "link": link}
            return _for_user(user, _("Hồ sơ đăng ký chuyên gia"), text)

    if event == "expert.certified":
        from experts.models import Expert

        expert = Expert.objects.select_related("user", "certificate").get(pk=object_id)
        with translation.override(expert.user.language or "vi"):
            text = _(
                "Bạn đã được cấp chứng nhận chuyên gia tư vấn chuyển đổi số số %(number)s. Tra cứu: %(link)s"
            ) % {
                "number": expert.certificate.number,
                "link": _url(expert.certificate.get_absolute_url()),
            }
            return _for_user(expert.user, _("Chứng nhận chuyên gia"), text)

    if event == "consultation.invited":
        invitation = Invitation.objects.select_related("expert__user", "consultation__business").get(
            pk=object_id
        )
        user = invitation.expert.user
        with translation.override(user.language or "vi"):
            text = _(
                "%(business)s mời bạn tư vấn: %(topic)s. Vui lòng trả lời trước %(deadline)s: %(link)s"
            ) % {
                "business": invitation.consultation.business.name,
                "topic": plain_excerpt(invitation.consultation.topic, 80),
                "deadline": _local(invitation.respond_by),
                "link": _url(invitation.consultation.get_absolute_url()),
            }
            return _for_user(user, _("Yêu cầu tư vấn mới"), text)

    if event in {"consultation.accepted", "consultation.declined", "consultation.expired"}:
        invitation = Invitation.objects.select_related("expert", "consultation__requested_by").get(
            pk=object_id
        )
        user = invitation.consultation.requested_by
        with translation.override(user.language or "vi"):
            texts = {
                "consultation.accepted": _(
                    "Chuyên gia %(expert)s đã nhận yêu cầu tư vấn “%(topic)s”: %(link)s"
                ),
                "consultation.declined": _(
                    "Chuyên gia %(expert)s không nhận yêu cầu “%(topic)s”. Mời bạn chọn chuyên gia khác: %(link)s"
                ),
                "consultation.expired": _(
                    "Chuyên gia %(expert)s chưa trả lời yêu cầu “%(topic)s” đúng hạn. Mời bạn chọn chuyên gia "
                    "khác: %(link)s"
                ),
            }
            text = texts[event] % {
                "expert": invitation.expert.name,
                "topic": plain_excerpt(invitation.consultation.topic, 80),
                "link": _url(invitation.consultation.get_absolute_url()),
            }
            return _for_user(user, _("Yêu cầu tư vấn"), text)

    if event == "consultation.closed":
        consultation = Consultation.objects.select_related("requested_by").get(pk=object_id)
        user = consultation.requested_by
        with translation.override(user.language or "vi"):
            text = _("Yêu cầu tư vấn “%(topic)s” đã kết thúc. Mời bạn đánh giá chuyên gia: %(link)s") % {
                "topic": plain_excerpt(consultation.topic, 80),
                "link": _url(consultation.get_absolute_url()),
            }
            return _for_user(user, _("Yêu cầu tư vấn"), text)

    if event == "support.answered":
        request = SupportRequest.objects.get(pk=object_id)
        with translation.override("vi"):
            text = _("Trả lời yêu cầu hỗ trợ #%(id)s: %(answer)s Xem đầy đủ: %(link)s") % {
                "id": request.pk,
                "answer": plain_excerpt(request.answer, 240),
                "link": _url(request.get_absolute_url()),
            }
            return Note(
                phone=request.phone,
                email=request.email,
                language="vi",
                subject=_("Trả lời yêu cầu hỗ trợ"),
                text=text,
            )
    raise ValueError(f"unknown notification event {event!r}")


def _local(moment) -> str:
    from django.utils import timezone

    return timezone.localtime(moment).strftime("%H:%M %d/%m/%Y")


def notification_send(*, event: str, object_id: int) -> Note | None:
    note = _build(event, object_id)
    if note is None:
        return None
    if note.phone:
        send_sms(note.phone, note.text, reference=f"{event}:{object_id}")
    if note.email:
        send_mail(note.subject, note.text, None, [note.email], fail_silently=False)
    return note


def notify_on_commit(event: str, object_id: int) -> None:
    """Queue the notification once the current transaction commits (never for a rolled-back decision)."""
    from experts.tasks import send_notification

    transaction.on_commit(lambda: send_notification.delay(event, object_id))
