"""A criteria set's life: loaded from its file as a draft → reviewed → approved (by the ministry; for RDX by
both the ministry and the Ministry of Industry and Trade, each once) → published (frozen) → retired.

A change to a published version is a new version with a list of what changed; results keep the version they
were scored with. Every step is recorded in the audit log (who, when, why).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from accounts.permissions import has_role
from assessment.criteria_files import CriteriaSpec
from assessment.models import (
    CriteriaApproval,
    CriteriaSet,
    CriteriaSetStatus,
    Ministry,
    Option,
    Pillar,
    Question,
    QuestionType,
)
from assessment.structure import structure_for
from smedx_portal.services import audit_log

CONTENT_LOCKED = (CriteriaSetStatus.APPROVED, CriteriaSetStatus.PUBLISHED, CriteriaSetStatus.RETIRED)
SPEC_FIELDS = (
    "title",
    "title_en",
    "description",
    "description_en",
    "growth_threshold",
    "breakthrough_threshold",
    "growth_pillar_minimum",
    "breakthrough_pillar_minimum",
    "source_decision",
    "source_date",
    "source_annex",
    "source_note",
    "provisional",
    "changes",
    "is_trial",
    "is_legacy",
    "scoring",
    "scale",
    "comparisons",
)


class CriteriaSetFrozen(ValidationError):
    """The set was approved, published or retired: its content never changes (make a new version)."""


def ministry_of(user) -> str | None:
    """The ministry a staff member approves for: MoIT staff for MoIT, the ministry's staff for the ministry."""
    if has_role(user, Role.MOIT_STAFF) and user.role == Role.MOIT_STAFF:
        return Ministry.MOIT
    if has_role(user, Role.MINISTRY_STAFF):
        return Ministry.MOST
    return None


def can_manage_criteria(user) -> bool:
    return ministry_of(user) is not None


def _frozen_error(criteria_set: CriteriaSet) -> CriteriaSetFrozen:
    return CriteriaSetFrozen(
        _(
            "Bộ tiêu chí %(programme)s phiên bản %(version)s đang ở trạng thái “%(status)s” nên không sửa hay xóa được; hãy tạo phiên bản mới."
        )
        % {
            "programme": criteria_set.programme,
            "version": criteria_set.version,
            "status": criteria_set.get_status_display(),
        }
    )


@transaction.atomic
def criteria_set_load(*, spec: CriteriaSpec, actor: Any | None = None) -> CriteriaSet:
    """Create the draft of `spec`'s programme and version, or replace that draft's content (a reviewed draft
    goes back to draft). An approved, published or retired version is refused (raise `version` in the file)."""
    existing = (
        CriteriaSet.objects.select_for_update().filter(programme=spec.programme, version=spec.version).first()
    )
    if existing is not None and existing.status in CONTENT_LOCKED:
        raise _frozen_error(existing)
    if existing is not None:
        if existing.assessments.exists():
            # Drafts taken on a draft set (staff trying it out) go with the content they answered.
            existing.assessments.all().delete()
        _delete_content(existing)
        criteria_set = existing
        criteria_set.status = CriteriaSetStatus.DRAFT
        criteria_set.reviewed_at = None
    else:
        criteria_set = CriteriaSet(programme=spec.programme, version=spec.version)
    for name in SPEC_FIELDS:
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
            sub_indices=pillar_spec.sub_indices,
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
                sub_index=q.sub_index,
                provisional=q.provisional,
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
                        role=o.role,
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


def _locked(criteria_set: CriteriaSet) -> CriteriaSet:
    return CriteriaSet.objects.select_for_update().get(pk=criteria_set.pk)


def _require_manager(actor: Any) -> str:
    ministry = ministry_of(actor)
    if ministry is None:
        raise PermissionDenied(_("Chỉ cán bộ Bộ Khoa học và Công nghệ hoặc Bộ Công Thương thực hiện được."))
    return ministry


@transaction.atomic
def criteria_set_review(*, criteria_set: CriteriaSet, actor: Any, note: str = "") -> CriteriaSet:
    """A draft checked by staff (complete and consistent) becomes reviewed, ready for the approvals."""
    _require_manager(actor)
    locked = _locked(criteria_set)
    if locked.status != CriteriaSetStatus.DRAFT:
        raise ValidationError(_("Chỉ rà soát được bộ tiêu chí đang là bản nháp."))
    problems = criteria_set_check(locked)
    if problems:
        raise ValidationError(problems)
    locked.status = CriteriaSetStatus.REVIEWED
    locked.reviewed_at = timezone.now()
    locked.save(update_fields=["status", "reviewed_at"])
    audit_log(actor=actor, obj=locked, action="criteria_set.review", reason=note)
    return locked


@transaction.atomic
def criteria_set_approve(
    *, criteria_set: CriteriaSet, actor: Any, document: str = "", note: str = ""
) -> CriteriaApproval:
    """The approval of the actor's ministry, once per ministry and once per person. The set becomes
    approved when every ministry it needs has approved (RDX: both ministries, seed 001 II.1b)."""
    ministry = _require_manager(actor)
    locked = _locked(criteria_set)
    if locked.status not in (CriteriaSetStatus.REVIEWED, CriteriaSetStatus.APPROVED):
        raise ValidationError(_("Chỉ phê duyệt được bộ tiêu chí đã rà soát và chưa công bố."))
    if ministry not in locked.required_ministries:
        raise ValidationError(
            _("Bộ tiêu chí của chương trình này không cần phê duyệt của %(ministry)s.")
            % {"ministry": Ministry(ministry).label}
        )
    approvals = list(locked.approvals.all())
    if any(approval.approved_by_id == actor.pk for approval in approvals):
        raise ValidationError(_("Bạn đã phê duyệt bộ tiêu chí này; mỗi người chỉ phê duyệt một lần."))
    if any(approval.ministry == ministry for approval in approvals):
        raise ValidationError(
            _("%(ministry)s đã phê duyệt bộ tiêu chí này.") % {"ministry": Ministry(ministry).label}
        )
    approval = CriteriaApproval(
        criteria_set=locked,
        ministry=ministry,
        approved_by=actor,
        document=document.strip(),
        note=note.strip(),
    )
    approval.full_clean(exclude=["criteria_set"])
    try:
        with transaction.atomic():
            approval.save()
    except IntegrityError:  # a second click or a colleague at the same moment
        raise ValidationError(_("Phê duyệt này đã được ghi nhận."))
    done = {approval.ministry for approval in approvals} | {ministry}
    if set(locked.required_ministries) <= done:
        locked.status = CriteriaSetStatus.APPROVED
        locked.save(update_fields=["status"])
    audit_log(
        actor=actor,
        obj=locked,
        action="criteria_set.approve",
        reason=note,
        data={"ministry": ministry, "document": document},
    )
    return approval


@transaction.atomic
def criteria_set_publish(*, criteria_set: CriteriaSet, actor: Any) -> CriteriaSet:
    """Publish (freeze) an approved set: it becomes the programme's current version unless it is legacy.
    The ministry publishes (seed 001 II.1b: on the content agreed by both ministries for RDX)."""
    if _require_manager(actor) != Ministry.MOST:
        raise PermissionDenied(_("Bộ Khoa học và Công nghệ công bố bộ tiêu chí."))
    locked = _locked(criteria_set)
    if locked.is_published:
        return locked
    if locked.status != CriteriaSetStatus.APPROVED:
        missing = set(locked.required_ministries) - set(locked.approvals.values_list("ministry", flat=True))
        raise ValidationError(
            _("Chưa công bố được: còn thiếu phê duyệt của %(ministries)s.")
            % {"ministries": ", ".join(str(Ministry(code).label) for code in sorted(missing)) or "—"}
        )
    problems = criteria_set_check(locked)
    if problems:
        raise ValidationError(problems)
    locked.status = CriteriaSetStatus.PUBLISHED
    locked.published_at = timezone.now()
    locked.save(update_fields=["status", "published_at"])
    audit_log(actor=actor, obj=locked, action="criteria_set.publish", data={"version": locked.version})
    return locked


@transaction.atomic
def criteria_set_retire(*, criteria_set: CriteriaSet, actor: Any | None, reason: str) -> CriteriaSet:
    """No new survey on it; its results (and drafts already started) keep it and are scored with it."""
    if not reason.strip():
        raise ValidationError(_("Cần nêu lý do thay thế bộ tiêu chí."))
    locked = _locked(criteria_set)
    if locked.status == CriteriaSetStatus.RETIRED:
        return locked
    locked.status = CriteriaSetStatus.RETIRED
    locked.retired_at = timezone.now()
    locked.published_at = locked.published_at or locked.retired_at  # the frozen structure's cache key
    locked.save(update_fields=["status", "retired_at", "published_at"])
    audit_log(actor=actor, obj=locked, action="criteria_set.retire", reason=reason)
    return locked


@transaction.atomic
def criteria_set_delete(*, criteria_set: CriteriaSet, actor: Any) -> None:
    """Only a draft (or reviewed) set without results can go; an approved or published one never does."""
    locked = _locked(criteria_set)
    if locked.status in CONTENT_LOCKED:
        raise _frozen_error(locked)
    audit_log(actor=actor, obj=locked, action="criteria_set.delete", data={"version": locked.version})
    locked.assessments.all().delete()
    _delete_content(locked)
    locked.delete()


@transaction.atomic
def criteria_set_new_version(*, criteria_set: CriteriaSet, actor: Any, changes: list[str]) -> CriteriaSet:
    """A draft copy of a set as the programme's next version, with the list of what is to change."""
    changes = [change.strip() for change in changes if change.strip()]
    if not changes:
        raise ValidationError(_("Một phiên bản mới cần danh sách những gì thay đổi."))
    latest = (
        CriteriaSet.objects.filter(programme=criteria_set.programme).aggregate(v=Max("version"))["v"] or 0
    )
    source = structure_for(criteria_set)
    copy = CriteriaSet.objects.get(pk=criteria_set.pk)
    copy.pk = None
    copy.id = None
    copy.version = latest + 1
    copy.status = CriteriaSetStatus.DRAFT
    copy.published_at = copy.reviewed_at = copy.retired_at = None
    copy.changes = changes
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
        data={"from_version": criteria_set.version, "version": copy.version, "changes": changes},
    )
    return copy
