"""Support requests: the programmes' hotline in writing."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from experts.models.qa import QuestionTopic
from smedx_portal.programmes import Programme


def _new_token() -> str:
    return secrets.token_urlsafe(16)


class SupportStatus(models.TextChoices):
    NEW = "new", _("Mới")
    ANSWERED = "answered", _("Đã trả lời")
    CLOSED = "closed", _("Đã đóng")


class SupportRequest(models.Model):
    token = models.CharField(max_length=32, unique=True, default=_new_token, editable=False)
    name = models.CharField(_("họ tên"), max_length=150)
    phone = models.CharField(_("số điện thoại"), max_length=16)
    email = models.EmailField(_("email"), blank=True)
    programme = models.CharField(_("chương trình"), max_length=8, choices=Programme.choices, blank=True)
    topic = models.CharField(
        _("chủ đề"), max_length=20, choices=QuestionTopic.choices, default=QuestionTopic.OTHER
    )
    message = models.TextField(_("nội dung cần hỗ trợ"))
    # A complaint names the platform it is about; the catalogue's periodic review counts them (by string: the
    # catalogue and the network are peers, neither imports the other).
    about_platform = models.ForeignKey(
        "platforms.Platform",
        verbose_name=_("nền tảng được phản ánh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="support_requests",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        _("trạng thái"),
        max_length=10,
        choices=SupportStatus.choices,
        default=SupportStatus.NEW,
        db_index=True,
    )
    answer = models.TextField(_("trả lời"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(_("trả lời lúc"), null=True, blank=True)
    created_at = models.DateTimeField(_("gửi lúc"), auto_now_add=True, db_index=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("yêu cầu hỗ trợ")
        verbose_name_plural = _("yêu cầu hỗ trợ")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("experts:support_status", kwargs={"token": self.token})
