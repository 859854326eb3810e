"""Programme phases (pilot provinces, rollout date), read by every app that runs a province campaign feature.

While a programme is in its pilot phase only the pilot provinces run the province features (plans in force,
enumerator surveys, outreach, SMS campaigns to a province); the other provinces see the phase and the date
the rollout starts. Self-assessment by a business is open everywhere and never asks. A programme without any
phase row is open everywhere. Provinces are stored as plain codes (the core does not import `businesses`).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from smedx_portal.programmes import Programme, short_name


class PhaseKind(models.TextChoices):
    PILOT = "pilot", _("Thí điểm")
    NATIONAL = "national", _("Triển khai diện rộng")


class ProgrammePhase(models.Model):
    """One phase of a programme's rollout, from `starts_on` until the next phase starts."""

    programme = models.CharField(_("chương trình"), max_length=8, choices=Programme.choices)
    kind = models.CharField(_("giai đoạn"), max_length=10, choices=PhaseKind.choices)
    starts_on = models.DateField(_("bắt đầu từ"))
    ends_on = models.DateField(_("kết thúc"), null=True, blank=True)
    province_codes = models.JSONField(
        _("mã các tỉnh thí điểm"), default=list, blank=True, help_text=_("Chỉ dùng cho giai đoạn thí điểm.")
    )
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("giai đoạn triển khai")
        verbose_name_plural = _("giai đoạn triển khai")
        ordering = ["programme", "starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "starts_on"], name="one_phase_per_programme_and_day")
        ]

    def __str__(self) -> str:
        return f"{self.programme} {self.get_kind_display()} {self.starts_on:%d/%m/%Y}"


@dataclass(frozen=True)
class PhaseState:
    """What a page tells a province about a programme's phase."""

    programme: str
    phase: ProgrammePhase | None
    next_phase: ProgrammePhase | None
    allowed: bool

    @property
    def in_pilot(self) -> bool:
        return self.phase is not None and self.phase.kind == PhaseKind.PILOT

    @property
    def rollout_on(self) -> datetime.date | None:
        return self.next_phase.starts_on if self.next_phase else None

    def closed_message(self) -> str:
        """What a province outside the pilot is told ("not yet", and when)."""
        values = {"programme": short_name(self.programme)}
        if self.rollout_on is None:
            return (
                gettext(
                    "Chưa triển khai tại tỉnh/thành phố của bạn: chương trình %(programme)s đang trong giai đoạn thí "
                    "điểm; ngày triển khai diện rộng chưa được công bố."
                )
                % values
            )
        return gettext(
            "Chưa triển khai tại tỉnh/thành phố của bạn: chương trình %(programme)s đang trong giai đoạn thí "
            "điểm, triển khai diện rộng từ ngày %(date)s."
        ) % {**values, "date": date_format(self.rollout_on, "d/m/Y")}


def _province_code(province) -> int | None:
    return getattr(province, "pk", province)


def phase_states(programmes, province, *, on: datetime.date | None = None) -> dict[str, PhaseState]:
    """For each programme: its current and next phase, and whether `province` (a Province or its code) may
    run the province campaign features on `on` (default today). One query (a few rows per programme)."""
    today = on or timezone.localdate()
    phases: dict[str, list[ProgrammePhase]] = {programme: [] for programme in programmes}
    for phase in ProgrammePhase.objects.filter(programme__in=list(phases)).order_by("starts_on"):
        phases[phase.programme].append(phase)
    states = {}
    for programme, rows in phases.items():
        current = next((phase for phase in reversed(rows) if phase.starts_on <= today), None)
        upcoming = next((phase for phase in rows if phase.starts_on > today), None)
        allowed = (
            current is None
            or current.kind == PhaseKind.NATIONAL
            or _province_code(province) in (current.province_codes or [])
        )
        states[programme] = PhaseState(
            programme=programme, phase=current, next_phase=upcoming, allowed=allowed
        )
    return states


def phase_state(programme: str, province, *, on: datetime.date | None = None) -> PhaseState:
    return phase_states([programme], province, on=on)[programme]


def province_may_run(programme: str, province, *, on: datetime.date | None = None) -> bool:
    """Whether `province` runs `programme`'s province campaign features on `on` (default today)."""
    return phase_state(programme, province, on=on).allowed
