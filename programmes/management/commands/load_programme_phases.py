"""The RDX pilot in Ho Chi Minh City (seed 001 II.6b), from the programme's decision date, unless phases were
already set for RDX. Idempotent: `make migrate` runs it."""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand

from smedx_portal.phases import PhaseKind, ProgrammePhase
from smedx_portal.programmes import Programme

HCMC = 79
RDX_DECISION_DATE = datetime.date(2024, 8, 28)  # Quyết định 1459/QĐ-BTTTT


class Command(BaseCommand):
    help = "Create the RDX pilot phase (Ho Chi Minh City) if RDX has no phase yet."

    def handle(self, *args, **options) -> None:
        if ProgrammePhase.objects.filter(programme=Programme.RDX).exists():
            self.stdout.write("RDX phases already set.")
            return
        ProgrammePhase.objects.create(
            programme=Programme.RDX,
            kind=PhaseKind.PILOT,
            starts_on=RDX_DECISION_DATE,
            province_codes=[HCMC],
            note="Thí điểm tại Thành phố Hồ Chí Minh (QĐ 1459/QĐ-BTTTT, mục II.6b)",
        )
        self.stdout.write("RDX pilot phase created (Ho Chi Minh City).")
