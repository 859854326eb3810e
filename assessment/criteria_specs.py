"""The parsed criteria file as plain data (no database): what `criteria_files.parse_criteria` returns."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass
class Known:
    """What the database knows and a file may refer to (None: not checked, e.g. before reference data)."""

    sector_codes: set[str] | None = None
    group_programmes: dict[str, str] | None = None  # category group code → programme


@dataclass
class OptionSpec:
    code: str
    label: str
    label_en: str = ""
    points: Decimal = Decimal("0")
    min_value: Decimal | None = None
    exclusive: bool = False
    group_codes: list[str] = field(default_factory=list)
    role: str = "answer"


@dataclass
class QuestionSpec:
    code: str
    type: str
    text: str
    text_en: str = ""
    help_text: str = ""
    help_text_en: str = ""
    area: str = ""
    area_en: str = ""
    advice: str = ""
    advice_en: str = ""
    weight: Decimal = Decimal("1")
    required: bool = True
    max_points: Decimal | None = None
    number_min: Decimal | None = None
    number_max: Decimal | None = None
    unit: str = ""
    applies_to_kinds: list[str] = field(default_factory=list)
    applies_to_sectors: list[str] = field(default_factory=list)
    show_if: tuple[str, str] | None = None
    group_codes: list[str] = field(default_factory=list)
    options: list[OptionSpec] = field(default_factory=list)
    sub_index: str = ""
    provisional: bool = False
    pillar_code: str = ""
    line: int = 0


@dataclass
class PillarSpec:
    code: str
    name: str
    name_en: str = ""
    description: str = ""
    description_en: str = ""
    weight: Decimal = Decimal("1")
    growth_minimum: Decimal | None = None
    breakthrough_minimum: Decimal | None = None
    sub_indices: list[dict] = field(default_factory=list)
    questions: list[QuestionSpec] = field(default_factory=list)


@dataclass
class CriteriaSpec:
    programme: str
    version: int
    title: str
    title_en: str = ""
    description: str = ""
    description_en: str = ""
    growth_threshold: Decimal = Decimal("0")
    breakthrough_threshold: Decimal = Decimal("0")
    growth_pillar_minimum: Decimal = Decimal("0")
    breakthrough_pillar_minimum: Decimal = Decimal("0")
    pillars: list[PillarSpec] = field(default_factory=list)
    source: str = ""
    source_decision: str = ""
    source_date: datetime.date | None = None
    source_annex: str = ""
    source_note: str = ""
    provisional: list[dict] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    is_trial: bool = False
    is_legacy: bool = False
    retired: str = ""
    scoring: str = "weighted"
    scale: dict = field(default_factory=dict)
    comparisons: list[dict] = field(default_factory=list)

    def questions(self):
        for pillar in self.pillars:
            yield from pillar.questions
