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
from assessment.selectors import SurveyRef, forget_survey_ref, visible_assessments
from assessment.structure import Structure, structure_for, structure_for_key
from businesses.stats import business_record_assessment
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

    The page's form holds every answer of the page, so nothing else is read: in one transaction (one
    commit, one WAL flush), an UPDATE that also checks that the actor may edit this draft, and one upsert
    of the page's answers, plus a DELETE when an answer was emptied. Once the assessment is submitted (its
    row locked, then changed) the UPDATE matches nothing and the save is refused.
    Raises Http404 (not the actor's) or AssessmentLocked (submitted). Returns the page's errors, including
    required questions not answered.
    """
    structure = structure_for_key(ref.criteria_set_id, ref.published_at)
    posted, errors = parse_page(pillar, data)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # An autosave need not wait for the WAL flush: if the database crashed in the next fraction of
            # a second, the browser still holds the answers and sends them again. Submitting stays durable.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        allowed = (
            visible_assessments(actor)
            .filter(pk=ref.pk, status=AssessmentStatus.DRAFT)
            .update(current_pillar=pillar, updated_at=timezone.now())
        )
        if allowed:
            answers, to_save, emptied = _page_changes(structure, pillar, ref, posted, errors)
            if to_save:
                upsert_answers(to_save)
            if emptied:
                Answer.objects.filter(assessment_id=ref.pk, question_id__in=emptied).delete()
    if not allowed:
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


def _page_changes(structure: Structure, pillar: Pillar, ref: SurveyRef, posted: Answers, errors: dict):
    """The answers to write and to remove; `answers` also holds the other pages' answers that decide
    whether this page's questions are asked (read only when the criteria have such links)."""

    answers: Answers = {}
    parents = _cross_page_parents(structure, pillar)
    if parents:
        answers.update(
            (qid, value) for qid, value in load_answers_for(ref.pk, parents).items() if qid in parents
        )
    to_save: list[Answer] = []
    emptied: list[int] = []
    for question_id, value in posted.items():
        if value.is_empty:
            emptied.append(question_id)
            continue
        error = validate_answer(structure.questions[question_id], value)
        if error:
            errors[question_id] = error
            continue
        to_save.append(
            Answer(
                assessment_id=ref.pk,
                question_id=question_id,
                option_ids=list(value.option_ids),
                number_value=value.number,
            )
        )
        answers[question_id] = value
    return answers, to_save, emptied


_UPSERT_FIELDS = ("assessment", "question", "option_ids", "number_value", "updated_at")


def upsert_answers(answers: list[Answer]) -> None:
    """INSERT … ON CONFLICT DO UPDATE of a page's answers in one statement (PostgreSQL and SQLite).

    `bulk_create(update_conflicts=True)` writes the same SQL but inside its own transaction, which costs
    two more round trips (BEGIN, COMMIT) on the survey's hottest request; one statement is atomic anyway.
    Values are prepared by the model's fields, as the ORM would.
    """
    now = timezone.now()
    fields = [Answer._meta.get_field(name) for name in _UPSERT_FIELDS]
    quote = connection.ops.quote_name
    columns = [quote(field.column) for field in fields]
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    updates = ", ".join(f"{column} = EXCLUDED.{column}" for column in columns[2:])
    table, values_sql = quote(Answer._meta.db_table), ", ".join([row] * len(answers))
    conflict = f"ON CONFLICT ({columns[0]}, {columns[1]}) DO UPDATE SET {updates}"
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES {values_sql} {conflict}"  # noqa: S608 - names only
    params = []
    for answer in answers:
        values = (answer.assessment_id, answer.question_id, answer.option_ids, answer.number_value, now)
        params.extend(
            field.get_db_prep_save(value, connection) for field, value in zip(fields, values, strict=True)
        )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


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


def assessment_submit(*, assessment_id: int, actor: Any, check_access: bool = True) -> Assessment:
    """Score and submit a draft. Idempotent: a second submit (double click, second device) returns the
    assessment already submitted. The row is locked (select_for_update) by the same query that checks the
    actor may submit it (Http404 otherwise). Raises AssessmentIncomplete with the pages that need answers."""
    queryset = visible_assessments(actor) if check_access else Assessment.objects.all()
    with transaction.atomic():
        assessment = (
            queryset.select_for_update(of=("self",))
            .select_related("criteria_set", "business__sector")
            .filter(pk=assessment_id)
            .order_by()
            .first()
        )
        if assessment is None:
            raise Http404
        if assessment.status == AssessmentStatus.SUBMITTED:
            return assessment
        structure = structure_for(assessment.criteria_set)
        answers = load_answers(assessment)
        kind, sector = business_profile(assessment.business)
        problems = incomplete_pages(structure, answers, kind, sector)
        if problems:
            raise AssessmentIncomplete(problems)
        result = score(structure, answers, kind, sector)
        now = timezone.now()
        assessment.status = AssessmentStatus.SUBMITTED
        assessment.total_score = result.total
        assessment.level = result.level
        assessment.pillar_scores = {code: str(value) for code, value in result.pillar_scores.items()}
        assessment.submitted_at = now
        assessment.channel = channel_for(actor, assessment.business)
        assessment.entered_by = actor if getattr(actor, "pk", None) else None
        assessment.save(
            update_fields=[
                "status",
                "total_score",
                "level",
                "pillar_scores",
                "submitted_at",
                "channel",
                "entered_by",
                "updated_at",
            ]
        )
        # The latest result on the business row and the dashboards' summary tables, in this transaction:
        # campaigns and reports segment and count without joining assessments.
        business_record_assessment(
            business=assessment.business,
            level=result.level,
            score=result.total,
            pillar_scores=result.pillar_scores,
            submitted_at=now,
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
