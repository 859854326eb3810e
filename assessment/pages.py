"""What the survey's and the result's pages show: the context each view renders, built from the selectors and
services so the views stay thin (access check, call, render)."""

from __future__ import annotations

from typing import Any

from django.template.defaultfilters import floatformat
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessment import selectors, services
from assessment.models import Assessment
from assessment.question_html import Answered, question_html
from assessment.scoring import applies
from assessment.structure import Structure
from businesses.models import Business, BusinessKind
from smedx_portal.addresses import address
from smedx_portal.levels import Level
from smedx_portal.programmes import Programme, short_name

LEVEL_DETAILS = {
    Level.READY: gettext_lazy(
        "Cửa hàng, doanh nghiệp đã bắt đầu dùng một số công cụ số. Việc cần làm: xây nền tảng cơ bản — bán hàng, "
        "thanh toán và ghi chép trên công cụ số."
    ),
    Level.GROWTH: gettext_lazy(
        "Công cụ số đã được dùng trong nhiều hoạt động. Việc cần làm: kết nối các công cụ với nhau, dùng số "
        "liệu để quyết định và mở rộng kênh bán hàng số."
    ),
    Level.BREAKTHROUGH: gettext_lazy(
        "Hoạt động kinh doanh dựa trên nền tảng số và dữ liệu. Việc cần làm: tối ưu liên tục, tự động hóa và "
        "chia sẻ kinh nghiệm với cộng đồng."
    ),
}


def default_programmes(business: Business) -> list[str]:
    """The programmes a business is offered the survey of: its own, else the one its kind belongs to."""
    if business.programmes:
        return business.programmes
    if business.kind in (BusinessKind.RETAIL_STORE, BusinessKind.HOUSEHOLD):
        return [Programme.RDX]
    return [Programme.SMEDX]


def with_survey_rows(businesses: list[Business], closed: set[str] | frozenset[str] = frozenset()) -> None:
    """Attach to each business its survey rows (one per programme: the draft and the latest submitted)."""
    latest = selectors.latest_by_business(businesses)
    for business in businesses:
        states = latest.get(business.pk, {})
        business.survey_rows = [
            {
                "programme": programme,
                "programme_name": short_name(programme),
                "draft": states.get(f"draft-{programme}"),
                "submitted": states.get(f"submitted-{programme}"),
                "closed": programme in closed,
            }
            for programme in default_programmes(business)
        ]


# --- the survey ------------------------------------------------------------------------------------


def _answered(question, answer, visible: set[int], errors: dict[int, str]) -> Answered:
    return Answered(
        option_ids=frozenset(answer.option_ids) if answer else frozenset(),
        number=answer.number if answer else None,
        hidden=question.pk not in visible,
        error=errors.get(question.pk, ""),
    )


def survey_page_context(
    *, user, assessment: Assessment, structure: Structure, page: int, answers, errors, visible
) -> dict[str, Any]:
    """One page of the survey (one pillar): its questions with what is saved, and every page's progress."""
    pillar = structure.pillar_at(page)
    kind, sector = services.business_profile(assessment.business)
    counted_pages = []
    for position, each in enumerate(structure.pillars, start=1):
        asked = [q for q in each.question_list if q.pk in visible]
        done = all(q.pk in answers and not answers[q.pk].is_empty or not q.required for q in asked)
        counted_pages.append(
            {
                "position": position,
                "url": address("assessment:page", pk=assessment.pk, page=position),
                "pillar": each,
                "done": done,
                "current": position == page,
            }
        )
    questions = mark_safe(  # noqa: S308 - compiled from the escaped template, personal values escaped
        "".join(
            question_html(structure, question, _answered(question, answers.get(question.pk), visible, errors))
            for question in pillar.question_list
            if applies(question, kind, sector)
        )
    )
    return {
        "assessment": assessment,
        "business": assessment.business,
        "steps": _steps_html(counted_pages),
        "criteria_set": structure.criteria_set,
        "pillar": pillar,
        "page": page,
        "page_count": len(structure.pillars),
        "done_count": sum(1 for p in counted_pages if p["done"]),
        "questions": questions,
        "has_errors": bool(errors),
        "is_enumerator": assessment.channel == "enumerator"
        or services.channel_for(user, assessment.business) == "enumerator",
        "is_last": page == len(structure.pillars),
        "action": address("assessment:page", pk=assessment.pk, page=page),
        # when the draft was last saved, in seconds since 1970 (the script compares it with what it kept offline)
        "updated_epoch": int(assessment.updated_at.timestamp()),
    }


STEP_HTML = '<li class="{}"><a href="{}"{} title="{}"><span class="visually-hidden">{}</span> {}{}</a></li>'


def _steps_html(steps: list[dict[str, Any]]) -> str:
    """The survey's steps (one link per page, the current one marked, the finished ones labelled for screen
    readers), joined here: the template's loop over them cost more than the rest of the progress bar."""
    part, done = _("Phần"), format_html('<span class="visually-hidden"> ({})</span>', _("đã xong"))
    return format_html_join(
        "\n",
        STEP_HTML,
        (
            (
                " ".join(
                    name for name, on in (("is-current", step["current"]), ("is-done", step["done"])) if on
                ),
                step["url"],
                mark_safe(' aria-current="step"') if step["current"] else "",
                step["pillar"].display_name,
                part,
                step["position"],
                done if step["done"] else "",
            )
            for step in steps
        ),
    )


def _review_answer(structure: Structure, question, answer) -> dict[str, Any]:
    """One line of the review page: the question and what was answered (option labels, or the number and
    its unit), formatted here once rather than by the template for every line."""
    empty = answer is None or answer.is_empty
    if empty:
        shown = ""
    elif answer.number is not None:
        shown = " ".join(part for part in (floatformat(answer.number, "-2g"), question.unit) if part)
    else:
        shown = "; ".join(structure.options[option_id].display_label for option_id in answer.option_ids)
    return {"text": question.display_text, "answer": shown, "empty": empty}


def review_context(
    *, assessment: Assessment, structure: Structure, answers, problems, visible
) -> dict[str, Any]:
    """The review page: every page's answers, what is missing, whether the survey can be submitted."""
    pages = [
        {
            "position": position,
            "url": address("assessment:page", pk=assessment.pk, page=position),
            "pillar": pillar,
            "missing": len(problems.get(position, {})),
            "answers": [
                _review_answer(structure, question, answers.get(question.pk))
                for question in pillar.question_list
                if question.pk in visible
            ],
        }
        for position, pillar in enumerate(structure.pillars, start=1)
    ]
    return {
        "assessment": assessment,
        "business": assessment.business,
        "pages": pages,
        "complete": not problems,
        "page_count": len(structure.pillars),
        "action": address("assessment:review", pk=assessment.pk),
        "back": address("assessment:page", pk=assessment.pk, page=len(structure.pillars)),
    }
