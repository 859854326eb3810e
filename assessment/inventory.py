"""Recommendations from the tool inventory: the business functions a result does not cover with a digital
tool, or covers without integration, each with the reason and the platforms the programme selected in the
function's category groups (the programme's own catalogue: the groups are checked per programme on load)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps
from django.utils.translation import gettext as _

from assessment.models import Question, QuestionType
from assessment.scoring import Answers, AnswerValue, best_points, link_options, tool_options, tools_points
from assessment.structure import Structure

MISSING, PARTIAL, UNLINKED = "missing", "partial", "unlinked"


@dataclass
class ToolGap:
    question: Question
    kind: str  # missing: no digital tool; partial: a basic tool; unlinked: digital but not integrated
    reason: str
    share: Decimal
    group_codes: list[str]
    listings: list = field(default_factory=list)


def _labels(options) -> str:
    return ", ".join(option.display_label.lower() for option in options)


def tool_gap(question: Question, answer: AnswerValue | None, share: Decimal) -> ToolGap | None:
    """The gap of one function (a `tools` question), or None when it is covered and integrated."""
    chosen = set(answer.option_ids) if answer else set()
    tools = [option for option in tool_options(question) if option.pk in chosen]
    links = [option for option in link_options(question) if option.pk in chosen]
    tool, link = tools_points(question, answer) if answer else (Decimal("0"), Decimal("0"))
    best_tool = max((option.points for option in tool_options(question)), default=Decimal("0"))
    best_link = max((option.points for option in link_options(question)), default=Decimal("0"))
    area = question.display_area
    if tool <= 0:
        kind = MISSING
        reason = _(
            "Bạn đang làm việc “%(area)s” bằng: %(tools)s. Các nền tảng được Chương trình lựa chọn dưới đây làm việc này trên máy, số liệu không phải ghi lại."
        ) % {
            "area": area,
            "tools": _labels(tools) or _("chưa có công cụ"),
        }
    elif tool < best_tool:
        kind = PARTIAL
        reason = _(
            "Việc “%(area)s” đang dùng %(tools)s. Một phần mềm chuyên dụng được Chương trình lựa chọn làm việc này đầy đủ hơn và kết nối được với công cụ khác."
        ) % {
            "area": area,
            "tools": _labels(tools),
        }
    elif link < best_link:
        kind = UNLINKED
        reason = _(
            "Việc “%(area)s” đã dùng %(tools)s nhưng dữ liệu đang “%(link)s”. Các nền tảng dưới đây kết nối tự động với công cụ khác."
        ) % {
            "area": area,
            "tools": _labels(tools),
            "link": _labels(links) or _("chưa kết nối"),
        }
    else:
        return None
    return ToolGap(
        question=question, kind=kind, reason=reason, share=share, group_codes=list(question.group_codes)
    )


def tool_gaps(structure: Structure, answers: Answers, shares: dict[int, Decimal]) -> list[ToolGap]:
    """The functions asked (those scored) in this result that are not covered or not integrated, weakest first
    (then most points at stake, then the file's order)."""
    gaps = []
    for pillar in structure.pillars:
        for question in pillar.question_list:
            if question.type != QuestionType.TOOLS or question.pk not in shares:
                continue
            gap = tool_gap(question, answers.get(question.pk), shares[question.pk])
            if gap is not None:
                gaps.append(
                    (
                        gap.share,
                        -best_points(question) * question.weight,
                        pillar.position,
                        question.position,
                        gap,
                    )
                )
    gaps.sort(key=lambda item: item[:4])
    return [item[-1] for item in gaps]


def selected_listings(group_codes: list[str], *, per_group: int = 3) -> dict[str, list]:
    """The platforms selected by the programme in these category groups, by slot (at most three a group)."""
    Listing = apps.get_model("platforms", "Listing")
    codes = [code for code in dict.fromkeys(group_codes) if code]
    result: dict[str, list] = {code: [] for code in codes}
    if not codes:
        return result
    listings = (
        Listing.objects.filter(group__code__in=codes, status="selected")
        .select_related("group", "platform")
        .order_by("group__code", "slot", "platform__name")
    )
    for listing in listings:
        if len(result[listing.group.code]) < per_group:
            result[listing.group.code].append(listing)
    return result


def with_platforms(gaps: list[ToolGap]) -> list[ToolGap]:
    """The gaps with their selected platforms (one query for all)."""
    by_group = selected_listings([code for gap in gaps for code in gap.group_codes])
    for gap in gaps:
        seen = set()
        for code in gap.group_codes:
            for listing in by_group.get(code, []):
                if listing.platform_id not in seen:
                    seen.add(listing.platform_id)
                    gap.listings.append(listing)
    return gaps
