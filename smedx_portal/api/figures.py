"""Usage figures a provider reports through the API for one of its platforms and a period.

Generic over the subject (the core does not import the catalogue): `platforms.api` checks ownership and passes
the platform. Reporting the same period again replaces the earlier figures.
"""

from __future__ import annotations

import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from smedx_portal.models import ApiKey, UsageFigures

MAX_PERIOD_DAYS = 366


def usage_figures_for(subjects) -> models.QuerySet[UsageFigures]:
    """The figures reported for these subjects (a queryset of platforms, say)."""
    model = subjects.model
    ids = [str(pk) for pk in subjects.values_list("pk", flat=True)]
    return UsageFigures.objects.filter(
        subject_content_type=ContentType.objects.get_for_model(model), subject_object_id__in=ids
    )


@transaction.atomic
def usage_figures_report(
    *,
    subject: models.Model,
    period_start: datetime.date,
    period_end: datetime.date,
    active_businesses: int,
    new_businesses: int = 0,
    smedx_businesses: int | None = None,
    rdx_businesses: int | None = None,
    note: str = "",
    key: ApiKey | None = None,
) -> tuple[UsageFigures, bool]:
    """Record (or replace) the figures of one period; (figures, created)."""
    errors = {}
    if period_end < period_start:
        errors["period_end"] = [_("Ngày kết thúc phải sau ngày bắt đầu.")]
    elif (period_end - period_start).days >= MAX_PERIOD_DAYS:
        errors["period_end"] = [_("Một kỳ báo cáo dài nhất một năm.")]
    if period_end > timezone.localdate():
        errors.setdefault("period_end", []).append(
            _("Chỉ báo cáo kỳ đã kết thúc hoặc đang diễn ra đến hôm nay.")
        )
    for name, value in (("smedx_businesses", smedx_businesses), ("rdx_businesses", rdx_businesses)):
        if value is not None and value > active_businesses:
            errors[name] = [_("Không thể lớn hơn số đơn vị đang sử dụng.")]
    if errors:
        raise ValidationError(errors)
    figures, created = UsageFigures.objects.select_for_update().get_or_create(
        subject_content_type=ContentType.objects.get_for_model(subject),
        subject_object_id=str(subject.pk),
        period_start=period_start,
        period_end=period_end,
        defaults={"active_businesses": active_businesses},
    )
    figures.active_businesses = active_businesses
    figures.new_businesses = new_businesses
    figures.smedx_businesses = smedx_businesses
    figures.rdx_businesses = rdx_businesses
    figures.note = note
    figures.reported_by_key = key
    figures.full_clean()
    figures.save()
    return figures, created
