"""Business operations of the survey: loading and publishing criteria, taking the survey, scoring, verifying.

Every function is keyword-only and runs in a transaction; views, admin actions and commands call these.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Max
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.permissions import is_staff_or_officer, province_scope
from assessment.criteria_files import CriteriaSpec
from assessment.models import (
    Answer,
    Assessment,
    AssessmentStatus,
    Channel,
    CriteriaSet,
    CriteriaSetStatus,
    Option,
    Pillar,
    Question,
    QuestionType,
    ResultVerification,
    VerificationStatus,
)
from assessment.scoring import (
    Answers,
    AnswerValue,
    ScoreResult,
    page_errors,
    parse_number,
    score,
    validate_answer,
    visible_question_ids,
)
from assessment.selectors import (
    SurveyRef,
    forget_survey_ref,
    visible_assessment_condition,
    visible_assessments,
)
from assessment.structure import Structure, structure_for, structure_for_key
from businesses.models import Business, Sector
from businesses.stats import business_result_statements
from smedx_portal.db import Statement, converted, from_row, run_together, select_list, update_row_statement
from smedx_portal.levels import LEVEL_MEANINGS, Level
from smedx_portal.services import audit_log

# --- criteria sets ---------------------------------------------------------------------------------


class CriteriaSetFrozen(ValidationError):
    pass


@transaction.atomic
def criteria_set_load(*, spec: CriteriaSpec, actor: Any | None = None) -> CriteriaSet:
    """Create the draft of `spec`'s programme and version, or replace that draft's content.

    A published version is frozen: loading it again is refused (raise `version` in the file).
    """
    existing = (
        CriteriaSet.objects.select_for_update().filter(programme=spec.programme, version=spec.version).first()
    )
    if existing is not None and existing.is_published:
        raise CriteriaSetFrozen(
            _(
                "Bộ tiêu chí %(programme)s phiên bản %(version)s đã công bố nên không sửa được; hãy tăng 'version'."
            )
            % {"programme": spec.programme, "version": spec.version}
        )
    if existing is not None:
        if existing.assessments.exists():
            # Drafts taken on a draft set (staff trying it out) go with the content they answered.
            existing.assessments.all().delete()
        _delete_content(existing)
        criteria_set = existing
    else:
        criteria_set = CriteriaSet(programme=spec.programme, version=spec.version)
    for name in (
        "title",
        "title_en",
        "description",
        "description_en",
        "growth_threshold",
        "breakthrough_threshold",
        "growth_pillar_minimum",
        "breakthrough_pillar_minimum",
    ):
        setattr(criteria_set, name, getattr(spec, name))
    criteria_set.source_file = spec.source
    criteria_set.full_clean()
    criteria_set.save()
    _create_content(criteria_set, spec)
    audit_log(
        actor=actor,
        obj=criteria_set,
        action="criteria_set.load",
        data={"source": spec.source, "questions": sum(len(p.questions) for p in spec.pillars)},
    )
    return criteria_set


def _delete_content(criteria_set: CriteriaSet) -> None:
    questions = Question.objects.filter(pillar__criteria_set=criteria_set)
    questions.update(show_if=None)
    Option.objects.filter(question__in=questions).delete()
    questions.delete()
    criteria_set.pillars.all().delete()


def _create_content(criteria_set: CriteriaSet, spec: CriteriaSpec) -> None:
    option_ids: dict[tuple[str, str], int] = {}
    for p_index, pillar_spec in enumerate(spec.pillars, start=1):
        pillar = Pillar.objects.create(
            criteria_set=criteria_set,
            code=pillar_spec.code,
            position=p_index,
            name=pillar_spec.name,
            name_en=pillar_spec.name_en,
            description=pillar_spec.description,
            description_en=pillar_spec.description_en,
            weight=pillar_spec.weight,
            growth_minimum=pillar_spec.growth_minimum,
            breakthrough_minimum=pillar_spec.breakthrough_minimum,
        )
        for q_index, q in enumerate(pillar_spec.questions, start=1):
            question = Question.objects.create(
                pillar=pillar,
                code=q.code,
                position=q_index,
                type=q.type,
                text=q.text,
                text_en=q.text_en,
                help_text=q.help_text,
                help_text_en=q.help_text_en,
                area=q.area,
                area_en=q.area_en,
                advice=q.advice,
                advice_en=q.advice_en,
                weight=q.weight,
                required=q.required,
                max_points=q.max_points,
                number_min=q.number_min,
                number_max=q.number_max,
                unit=q.unit,
                applies_to_kinds=q.applies_to_kinds,
                applies_to_sectors=q.applies_to_sectors,
                show_if_id=option_ids[q.show_if] if q.show_if else None,
                group_codes=q.group_codes,
            )
            options = Option.objects.bulk_create(
                [
                    Option(
                        question=question,
                        code=o.code,
                        position=o_index,
                        label=o.label,
                        label_en=o.label_en,
                        points=o.points,
                        min_value=o.min_value,
                        exclusive=o.exclusive,
                        group_codes=o.group_codes,
                    )
                    for o_index, o in enumerate(q.options, start=1)
                ]
            )
            for option in options:
                if option.pk is None:  # backends that return no ids from bulk_create
                    option.pk = Option.objects.get(question=question, code=option.code).pk
                option_ids[(q.code, option.code)] = option.pk


def criteria_set_check(criteria_set: CriteriaSet) -> list[str]:
    """Problems that keep a set (perhaps edited in admin) from being published; empty when fine."""
    problems = []
    structure = structure_for(criteria_set)
    if not structure.pillars:
        problems.append(_("Bộ tiêu chí chưa có trụ cột nào."))
    codes: set[str] = set()
    seen: set[int] = set()
    for pillar in structure.pillars:
        if not pillar.question_list:
            problems.append(_("Trụ cột “%(name)s” chưa có câu hỏi.") % {"name": pillar.name})
        for question in pillar.question_list:
            label = question.code
            if question.code in codes:
                problems.append(_("Mã câu hỏi “%(code)s” bị lặp lại.") % {"code": label})
            codes.add(question.code)
            if question.type != QuestionType.NUMBER and len(question.option_list) < 2:
                problems.append(_("Câu “%(code)s” cần ít nhất hai lựa chọn.") % {"code": label})
            if question.type == QuestionType.NUMBER and any(
                o.min_value is None for o in question.option_list
            ):
                problems.append(_("Câu số “%(code)s”: mỗi khoảng cần giá trị 'từ'.") % {"code": label})
            if question.weight > 0 and max((o.points for o in question.option_list), default=0) <= 0:
                problems.append(_("Câu “%(code)s” không có lựa chọn nào có điểm.") % {"code": label})
            if question.show_if_id:
                parent = structure.options.get(question.show_if_id)
                if parent is None or parent.question_id not in seen:
                    problems.append(
                        _("Câu “%(code)s” phụ thuộc vào một câu hỏi không đứng trước nó trong bộ này.")
                        % {"code": label}
                    )
            seen.add(question.pk)
    return problems


@transaction.atomic
def criteria_set_publish(*, criteria_set: CriteriaSet, actor: Any) -> CriteriaSet:
    locked = CriteriaSet.objects.select_for_update().get(pk=criteria_set.pk)
    if locked.is_published:
        return locked
    problems = criteria_set_check(locked)
    if problems:
        raise ValidationError(problems)
    locked.status = CriteriaSetStatus.PUBLISHED
    locked.published_at = timezone.now()
    locked.save(update_fields=["status", "published_at"])
    audit_log(actor=actor, obj=locked, action="criteria_set.publish", data={"version": locked.version})
    return locked


@transaction.atomic
def criteria_set_new_version(*, criteria_set: CriteriaSet, actor: Any) -> CriteriaSet:
    """A draft copy of a set as the programme's next version, to edit and publish later."""
    latest = (
        CriteriaSet.objects.filter(programme=criteria_set.programme).aggregate(v=Max("version"))["v"] or 0
    )
    source = structure_for(criteria_set)
    copy = CriteriaSet.objects.get(pk=criteria_set.pk)
    copy.pk = None
    copy.id = None
    copy.version = latest + 1
    copy.status = CriteriaSetStatus.DRAFT
    copy.published_at = None
    copy.save()
    option_map: dict[int, int] = {}
    for pillar in source.pillars:
        new_pillar = Pillar.objects.get(pk=pillar.pk)
        new_pillar.pk = None
        new_pillar.criteria_set = copy
        new_pillar.save()
        for question in pillar.question_list:
            new_question = Question.objects.get(pk=question.pk)
            new_question.pk = None
            new_question.pillar = new_pillar
            new_question.show_if_id = option_map.get(question.show_if_id) if question.show_if_id else None
            new_question.save()
            for option in question.option_list:
                new_option = Option.objects.get(pk=option.pk)
                new_option.pk = None
                new_option.question = new_question
                new_option.save()
                option_map[option.pk] = new_option.pk
    audit_log(
        actor=actor,
        obj=copy,
        action="criteria_set.new_version",
        data={"from_version": criteria_set.version, "version": copy.version},
    )
    return copy


# --- taking the survey -----------------------------------------------------------------------------


class NoCriteria(Exception):
    """The programme has no published criteria set yet."""


def channel_for(user, business) -> str:
    """Enumerator when a province officer or ministry staff (not a representative) enters the survey."""
    if is_staff_or_officer(user) and not business.memberships.filter(user=user).exists():
        return Channel.ENUMERATOR
    return Channel.SELF


def assessment_start(*, business, programme: str, actor: Any) -> Assessment:
    """Resume the business's draft in this programme, or start one on the current criteria set.

    Two devices or a double click starting at once still make one draft (a partial unique constraint).
    """
    draft = (
        Assessment.objects.drafts()
        .filter(business=business, programme=programme)
        .select_related("criteria_set")
        .order_by("-created_at")
        .first()
    )
    if draft is not None:
        return draft
    criteria_set = CriteriaSet.objects.current(programme)
    if criteria_set is None:
        raise NoCriteria(programme)
    channel = channel_for(actor, business)
    try:
        with transaction.atomic():
            return Assessment.objects.create(
                business=business,
                criteria_set=criteria_set,
                programme=programme,
                channel=channel,
                started_by=actor if getattr(actor, "pk", None) else None,
                entered_by=actor if getattr(actor, "pk", None) else None,
                current_pillar=criteria_set.pillars.order_by("position").first(),
            )
    except IntegrityError:
        return (
            Assessment.objects.drafts()
            .select_related("criteria_set")
            .get(business=business, criteria_set=criteria_set)
        )


def load_answers(assessment: Assessment) -> Answers:
    return load_answers_for(assessment.pk)


def load_answers_for(assessment_id: int, question_ids=None) -> Answers:
    queryset = Answer.objects.filter(assessment_id=assessment_id)
    if question_ids is not None:
        queryset = queryset.filter(question_id__in=question_ids)
    return {
        question_id: AnswerValue(tuple(option_ids or ()), number)
        for question_id, option_ids, number in queryset.values_list(
            "question_id", "option_ids", "number_value"
        )
    }


def _sector_code(business) -> str | None:
    sector = getattr(business, "sector", None) if business.sector_id else None
    return sector.code if sector is not None else None


def business_profile(business) -> tuple[str, str | None]:
    return business.kind, _sector_code(business)


def parse_page(pillar: Pillar, data) -> tuple[Answers, dict[int, str]]:
    """Answers to the pillar's questions from a form (field = question code, value = option code or number)."""
    answers: Answers = {}
    errors: dict[int, str] = {}
    for question in pillar.question_list:
        if question.type == QuestionType.NUMBER:
            raw = data.get(question.code, "")
            try:
                number = parse_number(raw)
            except ValueError:
                errors[question.pk] = _("Vui lòng nhập một số.")
                continue
            answers[question.pk] = AnswerValue((), number)
            continue
        codes = data.getlist(question.code) if hasattr(data, "getlist") else data.get(question.code, [])
        if isinstance(codes, str):
            codes = [codes]
        option_ids = []
        for code in codes:
            option = question.options_by_code.get(code)
            if option is None:
                errors[question.pk] = _("Lựa chọn không hợp lệ.")
                break
            if option.pk not in option_ids:
                option_ids.append(option.pk)
        else:
            answers[question.pk] = AnswerValue(tuple(option_ids), None)
    return answers, errors


@dataclass
class PageResult:
    errors: dict[int, str] = field(default_factory=dict)  # question id → message, invalid or missing
    invalid: dict[int, str] = field(default_factory=dict)  # answers given but not saved (invalid)
    answers: Answers = field(default_factory=dict)  # every answer of the assessment after the save
    visible: set[int] = field(default_factory=set)

    @property
    def complete(self) -> bool:
        return not self.errors


class AssessmentLocked(Exception):
    """The assessment was submitted: its answers can no longer change."""


def _cross_page_parents(structure: Structure, pillar: Pillar) -> set[int]:
    """Questions on other pages whose answers decide whether a question of this page is asked."""
    own = {question.pk for question in pillar.question_list}
    parents = set()
    for question in pillar.question_list:
        parent = question.show_if_question_id
        while parent and parent not in own:
            parents.add(parent)
            parent = structure.questions[parent].show_if_question_id
    return parents


def assessment_save_page(*, ref: SurveyRef, pillar: Pillar, data, actor: Any) -> PageResult:
    """Save what was answered on one pillar's page (valid answers are kept even when others are not).

    The page's form holds every answer of the page, so nothing else is read. The write is guarded by an UPDATE
    of the assessment row through `visible_assessments(actor)` that only matches the actor's draft: on
    PostgreSQL the guard, the upsert of the answers and the removal of emptied ones are one statement (one
    round trip, atomic); elsewhere they run in turn. The UPDATE waits for a submit holding the row and then
    matches nothing, so answers never change under a submission.
    Raises Http404 (not the actor's) or AssessmentLocked (submitted). Returns the page's errors, including
    required questions not answered.
    """
    structure = structure_for_key(ref.criteria_set_id, ref.published_at)
    posted, errors = parse_page(pillar, data)
    answers, to_save, emptied = _page_changes(structure, pillar, ref, posted, errors)
    now = timezone.now()
    guard = _save_guard(ref.pk, pillar.pk, actor, now)
    if not _write_page(guard, _answer_writes(to_save, emptied, now), assessment_id=ref.pk):
        if not visible_assessments(actor).filter(pk=ref.pk).exists():
            forget_survey_ref(ref.pk)
            raise Http404
        raise AssessmentLocked(ref.pk)

    visible = visible_question_ids(structure, answers, ref.kind, ref.sector)
    visible &= {question.pk for question in pillar.question_list}
    invalid = {qid: message for qid, message in errors.items() if qid in visible}
    all_errors = dict(invalid)
    for question_id, message in page_errors(structure, pillar, answers, visible).items():
        all_errors.setdefault(question_id, message)
    return PageResult(errors=all_errors, invalid=invalid, answers=answers, visible=visible)


def _save_guard(assessment_id: int, pillar_id: int, actor: Any, now: datetime.datetime) -> Statement:
    """UPDATE of the actor's draft (its position in the survey): matches nothing for anyone else's assessment
    or once it is submitted. Written by hand: on the survey's hottest request the ORM's query building costs
    more than the database's work."""
    table = connection.ops.quote_name(Assessment._meta.db_table)
    visible, params = visible_assessment_condition(actor, table)
    updated_at = Assessment._meta.get_field("updated_at").get_db_prep_save(now, connection)
    return Statement(
        f"UPDATE {table} SET current_pillar_id = %s, updated_at = %s "  # noqa: S608 - names only
        f"WHERE {table}.id = %s AND {table}.status = %s AND {visible}",
        [pillar_id, updated_at, assessment_id, AssessmentStatus.DRAFT, *params],
    )


def _write_page(guard: Statement, writes: list[Statement], *, assessment_id: int) -> bool:
    """Run the answers' writes only if the guard (an UPDATE) matched its row; the writes read the row's id
    from `allowed`. True when the guard matched."""
    table = connection.ops.quote_name(Assessment._meta.db_table)
    if connection.vendor == "postgresql":
        ctes = [f"allowed AS ({guard.sql} RETURNING {table}.id)"]
        ctes += [f"write{index} AS ({write.sql})" for index, write in enumerate(writes)]
        sql = f"WITH {', '.join(ctes)} SELECT count(*) FROM allowed"  # noqa: S608 - our statements
        params = [*guard.params, *(param for write in writes for param in write.params)]
        return run_together([Statement(sql, params)])[0].rows[0][0] == 1
    with transaction.atomic():
        if run_together([guard])[0].rowcount != 1:
            return False
        allowed = f"WITH allowed AS (SELECT id FROM {table} WHERE id = %s) "  # noqa: S608 - our table
        run_together([Statement(allowed + write.sql, [assessment_id, *write.params]) for write in writes])
    return True


def _page_changes(structure: Structure, pillar: Pillar, ref: SurveyRef, posted: Answers, errors: dict):
    """The answers to write and the questions whose answer was emptied; `answers` also holds the other pages'
    answers that decide whether this page's questions are asked (read only when the criteria have such links)."""

    answers: Answers = {}
    parents = _cross_page_parents(structure, pillar)
    if parents:
        answers.update(
            (qid, value) for qid, value in load_answers_for(ref.pk, parents).items() if qid in parents
        )
    to_save: dict[int, AnswerValue] = {}
    emptied: list[int] = []
    for question_id, value in posted.items():
        if value.is_empty:
            emptied.append(question_id)
            continue
        error = validate_answer(structure.questions[question_id], value)
        if error:
            errors[question_id] = error
            continue
        to_save[question_id] = value
        answers[question_id] = value
    return answers, to_save, emptied


def _answer_writes(
    to_save: dict[int, AnswerValue], emptied: list[int], now: datetime.datetime
) -> list[Statement]:
    """An upsert of the saved answers and a removal of the emptied ones, for the assessment in `allowed`
    (a one-row CTE holding its id; nothing happens when it is empty). Values are prepared by the model's
    fields, as the ORM would, and cast to the columns' types (a VALUES list has no column types)."""
    writes = []
    quote = connection.ops.quote_name
    table = quote(Answer._meta.db_table)
    if to_save:
        option_ids, number = Answer._meta.get_field("option_ids"), Answer._meta.get_field("number_value")
        rows = ", ".join(["(%s, %s, %s)"] * len(to_save))
        params = [now]  # the SELECT list's updated_at comes before the VALUES
        for question_id, value in to_save.items():
            params += [
                question_id,
                option_ids.get_db_prep_save(list(value.option_ids), connection),
                number.get_db_prep_save(value.number, connection),
            ]
        columns = "assessment_id, question_id, option_ids, number_value, updated_at"
        writes.append(
            Statement(
                f"INSERT INTO {table} ({columns}) "  # noqa: S608 - names only
                f"SELECT allowed.id, v.column1, CAST(v.column2 AS {option_ids.db_type(connection)}), "
                f"CAST(v.column3 AS {number.db_type(connection)}), %s "
                f"FROM allowed, (VALUES {rows}) AS v WHERE true "
                "ON CONFLICT (assessment_id, question_id) DO UPDATE SET option_ids = excluded.option_ids, "
                "number_value = excluded.number_value, updated_at = excluded.updated_at "
                # autosave sends the whole page again after each change: unchanged answers are not rewritten
                f"WHERE {table}.option_ids <> excluded.option_ids "
                f"OR {table}.number_value IS DISTINCT FROM excluded.number_value",
                params,
            )
        )
    if emptied:
        marks = ", ".join(["%s"] * len(emptied))
        writes.append(
            Statement(
                f"DELETE FROM {table} WHERE assessment_id IN (SELECT id FROM allowed) "  # noqa: S608
                f"AND question_id IN ({marks})",
                emptied,
            )
        )
    return writes


class AssessmentIncomplete(Exception):
    def __init__(self, errors: dict[int, dict[int, str]]):
        super().__init__(errors)
        self.errors = errors  # pillar position → {question id: message}

    @property
    def first_page(self) -> int:
        return min(self.errors)


def incomplete_pages(
    structure: Structure, answers: Answers, kind: str, sector: str | None
) -> dict[int, dict]:
    visible = visible_question_ids(structure, answers, kind, sector)
    problems = {}
    for position, pillar in enumerate(structure.pillars, start=1):
        errors = page_errors(structure, pillar, answers, visible)
        if errors:
            problems[position] = errors
    return problems


_SUBMITTED_FIELDS = (
    "status",
    "total_score",
    "level",
    "pillar_scores",
    "submitted_at",
    "channel",
    "entered_by",
    "updated_at",
)


def _mark_submitted(assessment: Assessment, result: ScoreResult, actor: Any) -> None:
    now = timezone.now()
    assessment.status = AssessmentStatus.SUBMITTED
    assessment.total_score = result.total
    assessment.level = result.level
    assessment.pillar_scores = {code: str(value) for code, value in result.pillar_scores.items()}
    assessment.submitted_at = now
    assessment.updated_at = now
    assessment.channel = channel_for(actor, assessment.business)
    assessment.entered_by = actor if getattr(actor, "pk", None) else None


_LOCKED_BUSINESS_FIELDS = (
    "id",
    "province",
    "ward",
    "kind",
    "sector",
    "latest_level",
    "latest_score",
    "latest_pillar_scores",
    "in_smedx",
    "in_rdx",
)
_ANSWER_FIELDS = ("question", "option_ids", "number_value")


def _lock_for_submit(assessment_id: int, actor: Any | None):
    """The assessment (with the business fields the summary tables count, and the sector) locked with its
    business row, the criteria set's publication time and the answers, in one round trip on PostgreSQL, or
    None when the actor may not see it (any assessment when `actor` is None). Written by hand: the ORM's
    building of this query costs more than the database's work on every submit."""
    table = connection.ops.quote_name(Assessment._meta.db_table)
    visible, params = visible_assessment_condition(actor, table) if actor is not None else ("1 = 1", [])
    assessment_fields = [field.name for field in Assessment._meta.concrete_fields]
    sector, criteria = Sector._meta.db_table, CriteriaSet._meta.db_table
    lock = ""
    if connection.features.has_select_for_update_of:
        lock = connection.ops.for_update_sql(of=(table, "b"))
    read = Statement(
        f"SELECT {select_list(Assessment, assessment_fields, table)}, "  # noqa: S608 - names only
        f"{select_list(Business, _LOCKED_BUSINESS_FIELDS, 'b')}, s.code, c.published_at "
        f"FROM {table} JOIN {Business._meta.db_table} b ON b.id = {table}.business_id "
        f"JOIN {criteria} c ON c.id = {table}.criteria_set_id LEFT JOIN {sector} s ON s.id = b.sector_id "
        f"WHERE {table}.id = %s AND {visible} {lock}",
        [assessment_id, *params],
    )
    answers = Statement(
        f"SELECT {select_list(Answer, _ANSWER_FIELDS, 'answer')} "  # noqa: S608 - names only
        f"FROM {Answer._meta.db_table} answer WHERE answer.assessment_id = %s",
        [assessment_id],
    )
    locked, answer_rows = run_together([read, answers])
    if not locked.rows:
        return None
    row = locked.rows[0]
    split = len(assessment_fields)
    assessment = from_row(Assessment, assessment_fields, row[:split])
    assessment.business = from_row(Business, _LOCKED_BUSINESS_FIELDS, row[split:-2])
    sector_code, published_at = row[-2:]
    if assessment.business.sector_id:
        assessment.business.sector = Sector(pk=assessment.business.sector_id, code=sector_code)
    loaded = {}
    for answer in answer_rows.rows:
        question_id, option_ids, number = converted(Answer, _ANSWER_FIELDS, answer)
        loaded[question_id] = AnswerValue(tuple(option_ids or ()), number)
    return assessment, published_at, loaded


def assessment_submit(*, assessment_id: int, actor: Any, check_access: bool = True) -> Assessment:
    """Score and submit a draft. Idempotent: a second submit (double click, second device) returns the
    assessment already submitted. The row is locked (select_for_update) by the same query that checks the
    actor may submit it (Http404 otherwise), together with the business's row (its latest result changes).
    Raises AssessmentIncomplete with the pages that need answers."""
    with transaction.atomic():
        locked = _lock_for_submit(assessment_id, actor if check_access else None)
        if locked is None:
            raise Http404
        assessment, published_at, answers = locked
        if assessment.status == AssessmentStatus.SUBMITTED:
            return assessment
        structure = structure_for_key(assessment.criteria_set_id, published_at)
        kind, sector = business_profile(assessment.business)
        problems = incomplete_pages(structure, answers, kind, sector)
        if problems:
            raise AssessmentIncomplete(problems)
        result = score(structure, answers, kind, sector)
        _mark_submitted(assessment, result, actor)
        # The latest result on the business row and the dashboards' summary tables, in this transaction and
        # the same round trip: campaigns and reports segment and count without joining assessments.
        run_together(
            [
                update_row_statement(
                    Assessment,
                    assessment.pk,
                    **{name: getattr(assessment, name) for name in _SUBMITTED_FIELDS},
                ),
                *business_result_statements(
                    business=assessment.business,
                    level=result.level,
                    score=result.total,
                    pillar_scores=result.pillar_scores,
                    submitted_at=assessment.submitted_at,
                ),
            ]
        )
    return assessment


def assessment_result(assessment: Assessment) -> ScoreResult:
    """Recompute the detail of a submitted result (gaps, shares) with the set it was scored with.

    The stored total, level and pillar scores stay the reference; this adds the detail for the page.
    """
    structure = structure_for(assessment.criteria_set)
    kind, sector = business_profile(assessment.business)
    return score(structure, load_answers(assessment), kind, sector)


# --- verification and certificate ------------------------------------------------------------------


def can_verify(user, assessment: Assessment) -> bool:
    if not is_staff_or_officer(user):
        return False
    scope = province_scope(user)
    return scope is None or scope == assessment.business.province_id


CERTIFICATE_VALIDITY_DAYS = 365


@transaction.atomic
def assessment_verify(*, assessment: Assessment, actor: Any, status: str, reason: str = ""):
    """A province officer (own province) or ministry staff confirms or rejects a submitted result.

    Confirming issues the DX-level certificate (PDF rendered by Celery after commit).
    """
    if not can_verify(actor, assessment):
        raise PermissionDenied
    if not assessment.is_submitted:
        raise ValidationError(_("Chỉ xác nhận được bài đánh giá đã nộp."))
    if status not in VerificationStatus.values:
        raise ValidationError(_("Kết quả xác nhận không hợp lệ."))
    if status == VerificationStatus.REJECTED and not reason.strip():
        raise ValidationError({"reason": _("Cần nêu lý do không xác nhận.")})
    verification, _created = ResultVerification.objects.select_for_update().get_or_create(
        assessment=assessment, defaults={"status": status, "reason": reason, "decided_by": actor}
    )
    if not _created:
        if verification.status == status:
            return verification
        verification.status = status
        verification.reason = reason
        verification.decided_by = actor
        verification.full_clean()
        verification.save()
    audit_log(actor=actor, obj=assessment, action=f"assessment.{status}", reason=reason)
    if status == VerificationStatus.VERIFIED:
        _issue_certificate(assessment, actor)
    else:
        _revoke_certificates(assessment, actor, reason)
    return verification


def _issue_certificate(assessment: Assessment, actor: Any):
    """The certificate's texts are in Vietnamese whatever the language of the officer's page."""
    from smedx_portal.certificates import certificates_for
    from smedx_portal.models import CertificateStatus

    if certificates_for(assessment).filter(status=CertificateStatus.ACTIVE).exists():
        return None
    with translation.override("vi"):
        return _issue_certificate_vi(assessment, actor)


def _issue_certificate_vi(assessment: Assessment, actor: Any):
    from smedx_portal.certificates import certificate_issue
    from smedx_portal.models import CertificateKind

    business = assessment.business
    level_label = Level(assessment.level).label
    submitted = timezone.localtime(assessment.submitted_at).date()
    return certificate_issue(
        kind=CertificateKind.BUSINESS_LEVEL,
        subject=assessment,
        holder_name=business.name,
        title=_("Đạt mức độ chuyển đổi số: %(level)s (%(score)s/100 điểm)")
        % {"level": level_label, "score": _score_text(assessment.total_score)},
        scope=_("%(meaning)s. Theo %(criteria)s, phiên bản %(version)s; đánh giá ngày %(date)s.")
        % {
            "meaning": LEVEL_MEANINGS[Level(assessment.level)],
            "criteria": assessment.criteria_set.title,
            "version": assessment.criteria_set.version,
            "date": submitted.strftime("%d/%m/%Y"),
        },
        valid_from=timezone.localdate(),
        valid_until=timezone.localdate() + datetime.timedelta(days=CERTIFICATE_VALIDITY_DAYS),
        issued_by=actor,
    )


def _revoke_certificates(assessment: Assessment, actor: Any, reason: str) -> None:
    from smedx_portal.certificates import certificate_revoke, certificates_for
    from smedx_portal.models import CertificateStatus

    for certificate in certificates_for(assessment).exclude(status=CertificateStatus.REVOKED):
        certificate_revoke(certificate=certificate, actor=actor, reason=reason)


def _score_text(value) -> str:
    return f"{value:.2f}".replace(".", ",")
