"""A criteria set's review, approvals and publication: a loaded draft → reviewed (checked complete by staff) →
approved (by the ministry; for RDX by both the ministry and the Ministry of Industry and Trade, each once) →
published (frozen) → retired. Every step is recorded in the audit log (who, when, why).

Loading, copying and deleting a set's content are in `criteria_sets`, which also re-exports these names.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from accounts.permissions import has_role
from assessment.models import CriteriaApproval, CriteriaSet, CriteriaSetStatus, Ministry, QuestionType
from assessment.structure import structure_for
from smedx_portal.services import audit_log


def ministry_of(user) -> str | None:
    """The ministry a staff member approves for: MoIT staff for MoIT, the ministry's staff for the ministry."""
    if has_role(user, Role.MOIT_STAFF) and user.role == Role.MOIT_STAFF:
        return Ministry.MOIT
    if has_role(user, Role.MINISTRY_STAFF):
        return Ministry.MOST
    return None


def can_manage_criteria(user) -> bool:
    return ministry_of(user) is not None


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


def _require_complete(criteria_set: CriteriaSet) -> None:
    problems = criteria_set_check(criteria_set)
    if problems:
        raise ValidationError(problems)


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
    _require_complete(locked)
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
    _require_complete(locked)
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
