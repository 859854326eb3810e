"""Which questions a business sees, whether its answers are valid, and its score and level. No database.

The method, in the words of the page that explains it (`danh-gia/phuong-phap/`):

1. A question's score is a share (0–1) of its best possible points (see `assessment.models.Question`).
2. A pillar's score (0–100) is 100 × the weighted mean of its questions' shares, over the questions the
   business sees: questions for other kinds of business or other sectors, and questions hidden by skip
   logic, do not count. An optional question left unanswered counts 0. Rounded to 2 decimals (half up).
3. The total (0–100) is the weighted mean of the (rounded) pillar scores, rounded to 2 decimals. A pillar
   with no question for this business is left out.
4. The level is the highest of Đột phá, Tăng trưởng whose total threshold is reached and whose minimum
   every pillar reaches; otherwise Sẵn sàng.

A set scored by `points` (the DBI 2021) adds up its criteria's points instead (pillar and total as % of their
maximum for the pages) and reads its own scale: a level needs more points than its bound *and* enough pillars
at that level (a pillar's level from its % and the file's bands); the programme's level is that scale level's
mapping in the file.

A `tools` question (one business function of the tool inventory) scores the best tool chosen plus how the
tools exchange data (none / export-import / automatic), counted only when a digital tool is used:
(tool points + link points) / (best tool + best link). So the score rises with the functions covered and the
integration between the tools.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _

from assessment.models import CHOICE_TYPES, OptionRole, Pillar, Question, QuestionType, Scoring
from assessment.structure import Structure
from smedx_portal.levels import Level

ZERO = Decimal("0")
ONE = Decimal("1")
HUNDRED = Decimal("100")
CENT = Decimal("0.01")


def round2(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class AnswerValue:
    option_ids: tuple[int, ...] = ()
    number: Decimal | None = None

    @property
    def is_empty(self) -> bool:
        return not self.option_ids and self.number is None


Answers = dict[int, AnswerValue]  # question id → answer


@dataclass
class Gap:
    """A question where points were lost; `points_lost` is what it costs the total (0–100 scale)."""

    question: Question
    pillar: Pillar
    share: Decimal
    points_lost: Decimal
    group_codes: list[str]


@dataclass
class ScoreResult:
    total: Decimal
    level: str
    pillar_scores: dict[str, Decimal]  # pillar code → 0–100 (pillars without questions left out)
    shares: dict[int, Decimal]  # question id → 0–1, for the questions that count
    gaps: list[Gap] = field(default_factory=list)
    held_back_by: dict[str, list[str]] = field(default_factory=dict)  # level → pillar codes below minimum
    points: Decimal | None = None  # `points` scoring: the version's own total (e.g. out of 320)
    scale_value: int | None = None  # `points` scoring: the version's own level (e.g. DBI 0–5)
    pillar_levels: dict[str, int] = field(default_factory=dict)

    def weakest(self, count: int = 3) -> list[Gap]:
        return self.gaps[:count]


def applies(question: Question, kind: str, sector_code: str | None) -> bool:
    if question.applies_to_kinds and kind not in question.applies_to_kinds:
        return False
    return not (question.applies_to_sectors and sector_code not in question.applies_to_sectors)


def visible_question_ids(
    structure: Structure, answers: Answers, kind: str, sector_code: str | None
) -> set[int]:
    """Questions this business is asked, given its answers so far (skip logic follows chains in order)."""
    visible: set[int] = set()
    for pillar in structure.pillars:
        for question in pillar.question_list:
            if not applies(question, kind, sector_code):
                continue
            if question.show_if_id:
                parent_id = question.show_if_question_id
                answer = answers.get(parent_id)
                if parent_id not in visible or answer is None or question.show_if_id not in answer.option_ids:
                    continue
            visible.add(question.pk)
    return visible


def tool_options(question: Question) -> list:
    return [option for option in question.option_list if option.role != OptionRole.LINK]


def link_options(question: Question) -> list:
    return [option for option in question.option_list if option.role == OptionRole.LINK]


def best_points(question: Question) -> Decimal:
    points = [option.points for option in question.option_list if option.role != OptionRole.LINK]
    if question.type == QuestionType.MULTIPLE:
        total = sum((p for p in points if p > 0), ZERO)
        return min(total, question.max_points) if question.max_points else total
    if question.type == QuestionType.TOOLS:
        return max(points, default=ZERO) + max((o.points for o in link_options(question)), default=ZERO)
    return max(points, default=ZERO)


def tools_points(question: Question, answer: AnswerValue) -> tuple[Decimal, Decimal]:
    """The best chosen tool's points and, when a digital tool (points > 0) is used, the link's points."""
    chosen = set(answer.option_ids)
    tool = max((o.points for o in tool_options(question) if o.pk in chosen), default=ZERO)
    link = max((o.points for o in link_options(question) if o.pk in chosen), default=ZERO)
    return tool, link if tool > 0 else ZERO


def question_share(question: Question, answer: AnswerValue | None) -> Decimal:
    best = best_points(question)
    if answer is None or answer.is_empty or best <= 0:
        return ZERO
    if question.type == QuestionType.TOOLS:
        tool, link = tools_points(question, answer)
        return min((tool + link) / best, ONE)
    if question.type == QuestionType.NUMBER:
        points = ZERO
        for option in question.option_list:  # bands in increasing order of min_value
            if answer.number is not None and answer.number >= option.min_value:
                points = option.points
        return min(points / best, ONE)
    chosen = [option.points for option in question.option_list if option.pk in answer.option_ids]
    got = sum(chosen, ZERO) if question.type == QuestionType.MULTIPLE else max(chosen, default=ZERO)
    return min(got / best, ONE)


def validate_answer(question: Question, answer: AnswerValue | None) -> str | None:
    """The error to show beside a visible question, or None."""
    if answer is None or answer.is_empty:
        return _("Vui lòng trả lời câu hỏi này.") if question.required else None
    if question.type == QuestionType.NUMBER:
        if answer.number is None:
            return _("Vui lòng nhập một số.")
        if question.number_min is not None and answer.number < question.number_min:
            return _("Giá trị nhỏ nhất là %(value)s.") % {"value": _plain(question.number_min)}
        if question.number_max is not None and answer.number > question.number_max:
            return _("Giá trị lớn nhất là %(value)s.") % {"value": _plain(question.number_max)}
        return None
    own = {option.pk for option in question.option_list}
    if any(option_id not in own for option_id in answer.option_ids):
        return _("Lựa chọn không hợp lệ.")
    if question.type in CHOICE_TYPES and len(answer.option_ids) != 1:
        return _("Chỉ chọn một phương án.")
    if question.type == QuestionType.TOOLS:
        error = _tools_error(question, answer)
        if error:
            return error
    chosen_answers = [o for o in tool_options(question) if o.pk in answer.option_ids]
    if question.type in (QuestionType.MULTIPLE, QuestionType.TOOLS) and len(chosen_answers) > 1:
        exclusive = [o for o in chosen_answers if o.exclusive]
        if exclusive:
            return _("“%(label)s” không chọn cùng các phương án khác.") % {
                "label": exclusive[0].display_label
            }
    return None


def _tools_error(question: Question, answer: AnswerValue) -> str | None:
    chosen = set(answer.option_ids)
    tools = [o for o in tool_options(question) if o.pk in chosen]
    links = [o for o in link_options(question) if o.pk in chosen]
    if not tools:
        return _("Chọn ít nhất một cách bạn đang làm việc này (kể cả ghi sổ tay).")
    if len(links) > 1:
        return _("Chỉ chọn một mức kết nối dữ liệu.")
    if not links and any(o.points > 0 for o in tools):
        return _("Cho biết công cụ này trao đổi dữ liệu với các công cụ khác thế nào.")
    return None


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")


def parse_number(raw: str) -> Decimal | None:
    """A number typed on a phone: '1.500', '1,5', '12' (Vietnamese uses ',' for decimals, '.' for thousands)."""
    text = (raw or "").strip().replace(" ", "")
    if not text:
        return None
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif text.count(".") > 1 or (text.count(".") == 1 and len(text.split(".")[1]) == 3):
        text = text.replace(".", "")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(text)
    if not value.is_finite() or abs(value) >= Decimal("1e12"):
        raise ValueError(text)
    return round2(value)


def page_errors(structure: Structure, pillar: Pillar, answers: Answers, visible: set[int]) -> dict[int, str]:
    errors = {}
    for question in pillar.question_list:
        if question.pk in visible:
            error = validate_answer(question, answers.get(question.pk))
            if error:
                errors[question.pk] = error
    return errors


def score(structure: Structure, answers: Answers, kind: str, sector_code: str | None) -> ScoreResult:
    visible = visible_question_ids(structure, answers, kind, sector_code)
    shares: dict[int, Decimal] = {}
    pillar_scores: dict[str, Decimal] = {}
    pillar_weight_total = ZERO
    raw_gaps: list[tuple[Question, Pillar, Decimal, Decimal]] = []
    for pillar in structure.pillars:
        counted = [q for q in pillar.question_list if q.pk in visible and q.weight > 0]
        if not counted:
            continue
        weight_total = sum((q.weight for q in counted), ZERO)
        weighted = ZERO
        for question in counted:
            share = question_share(question, answers.get(question.pk))
            shares[question.pk] = share
            weighted += question.weight * share
            raw_gaps.append((question, pillar, share, question.weight / weight_total))
        pillar_scores[pillar.code] = round2(HUNDRED * weighted / weight_total)
        pillar_weight_total += pillar.weight

    if pillar_weight_total:
        by_code = {pillar.code: pillar for pillar in structure.pillars}
        total = round2(
            sum((by_code[code].weight * value for code, value in pillar_scores.items()), ZERO)
            / pillar_weight_total
        )
    else:
        total = ZERO

    gaps = []
    for question, pillar, share, question_part in raw_gaps:
        if share >= ONE:
            continue
        lost = HUNDRED * (pillar.weight / pillar_weight_total) * question_part * (ONE - share)
        gaps.append(
            Gap(
                question=question,
                pillar=pillar,
                share=share,
                points_lost=round2(lost),
                group_codes=recommended_group_codes(question, answers.get(question.pk)),
            )
        )
    gaps.sort(key=lambda gap: (-gap.points_lost, gap.share, gap.pillar.position, gap.question.position))

    if structure.criteria_set.scoring == Scoring.POINTS:
        return points_result(structure, shares, gaps)
    level, held_back_by = level_for(structure, total, pillar_scores)
    return ScoreResult(
        total=total,
        level=level,
        pillar_scores=pillar_scores,
        shares=shares,
        gaps=gaps,
        held_back_by=held_back_by,
    )


def points_result(structure: Structure, shares: dict[int, Decimal], gaps: list[Gap]) -> ScoreResult:
    """`points` scoring: the criteria's points added up, the pillars' levels by the file's bands and the
    version's level by points *and* pillars at that level (DBI 2021), mapped to the programme's words."""
    scale = structure.criteria_set.scale
    maximum = Decimal(scale["max_points"])
    bands = [Decimal(band) for band in scale["pillar_bands"]]
    total_points = ZERO
    pillar_scores: dict[str, Decimal] = {}
    pillar_levels: dict[str, int] = {}
    for pillar in structure.pillars:
        counted = [q for q in pillar.question_list if q.pk in shares]
        if not counted:
            continue
        best = sum((best_points(q) for q in counted), ZERO)
        got = sum((best_points(q) * shares[q.pk] for q in counted), ZERO)
        total_points += got
        percent = HUNDRED * got / best if best else ZERO
        pillar_scores[pillar.code] = round2(percent)
        pillar_levels[pillar.code] = sum(1 for band in bands if percent > band)
    for gap in gaps:
        gap.points_lost = round2(HUNDRED * best_points(gap.question) * (ONE - gap.share) / maximum)
    gaps.sort(key=lambda gap: (-gap.points_lost, gap.share, gap.pillar.position, gap.question.position))
    scale_level = scale["levels"][0]
    for entry in reversed(scale["levels"]):
        at_level = sum(1 for value in pillar_levels.values() if value >= entry["value"])
        if total_points > Decimal(entry["above"]) and at_level >= entry["pillars"]:
            scale_level = entry
            break
    return ScoreResult(
        total=round2(HUNDRED * total_points / maximum),
        level=scale_level["programme_level"],
        pillar_scores=pillar_scores,
        shares=shares,
        gaps=gaps,
        points=round2(total_points),
        scale_value=scale_level["value"],
        pillar_levels=pillar_levels,
    )


def pillar_minimum(criteria_set, pillar: Pillar, level: str) -> Decimal:
    if level == Level.BREAKTHROUGH:
        own = pillar.breakthrough_minimum
        return own if own is not None else criteria_set.breakthrough_pillar_minimum
    if level == Level.GROWTH:
        own = pillar.growth_minimum
        return own if own is not None else criteria_set.growth_pillar_minimum
    return ZERO


def level_for(
    structure: Structure, total: Decimal, pillar_scores: dict[str, Decimal]
) -> tuple[str, dict[str, list[str]]]:
    """The level, and for each higher level whose total threshold was reached, the pillars below minimum."""
    criteria_set = structure.criteria_set
    held_back: dict[str, list[str]] = {}
    for level in (Level.BREAKTHROUGH, Level.GROWTH):
        if total < criteria_set.threshold(level):
            continue
        below = [
            pillar.code
            for pillar in structure.pillars
            if pillar.code in pillar_scores
            and pillar_scores[pillar.code] < pillar_minimum(criteria_set, pillar, level)
        ]
        if not below:
            return str(level), held_back
        held_back[str(level)] = below
    return str(Level.READY), held_back


def recommended_group_codes(question: Question, answer: AnswerValue | None) -> list[str]:
    """Catalogue groups for an area: the question's own, plus those of tools (options) not chosen,
    minus those of tools already chosen."""
    chosen = set(answer.option_ids) if answer else set()
    have = {code for o in question.option_list if o.pk in chosen for code in o.group_codes}
    codes = list(question.group_codes)
    for option in question.option_list:
        if option.pk not in chosen:
            codes.extend(option.group_codes)
    result = []
    for code in codes:
        if code not in have and code not in result:
            result.append(code)
    return result
