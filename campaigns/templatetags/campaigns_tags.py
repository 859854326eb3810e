from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from campaigns.services.content import sanitise

register = template.Library()


@register.filter
def sanitised(html: str) -> str:
    """Staff-written HTML, cleaned again at display (bodies are cleaned on save too)."""
    return mark_safe(sanitise(html))  # noqa: S308 - nh3 removed everything unsafe


@register.filter
def level_label(code: str) -> str:
    from smedx_portal.levels import Level

    return str(Level(code).label) if code in Level.values else "—"


ACTION_LABELS = {
    "campaign.create": _("tạo bản nháp"),
    "campaign.edit": _("sửa"),
    "campaign.submit": _("gửi duyệt"),
    "campaign.approve": _("phê duyệt"),
    "campaign.reject": _("trả lại"),
    "campaign.send": _("bắt đầu gửi"),
    "campaign.schedule": _("hẹn giờ gửi"),
    "campaign.start": _("bắt đầu gửi theo lịch"),
    "campaign.pause": _("tạm dừng"),
    "campaign.resume": _("tiếp tục gửi"),
    "campaign.cancel": _("hủy"),
    "campaign.complete": _("gửi xong"),
    "campaign.test_send": _("gửi tin thử"),
    "honour.propose": _("đề xuất từ dữ liệu"),
    "honour.recompute": _("tính lại đề xuất"),
    "honour.include": _("đưa vào danh sách"),
    "honour.exclude": _("bỏ khỏi danh sách"),
    "honour.add": _("bổ sung"),
    "honour.publish": _("công bố"),
}


@register.filter
def action_label(code: str) -> str:
    return str(ACTION_LABELS.get(code, code))
