"""A criteria set's content: loaded from its file as a draft (a draft's content replaced by reloading), copied
as the programme's next version, or deleted while still a draft.

A change to a published version is a new version with a list of what changed; results keep the version they
were scored with. Every step is recorded in the audit log (who, when, why). The review → approvals → publish →
retire steps are in `criteria_lifecycle`; every name stays importable from here.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from assessment.criteria_files import CriteriaSpec
from assessment.models import (
    CriteriaSet,
    CriteriaSetStatus,
    Option,
    Pillar,
    Question,
)
from assessment.services.criteria_lifecycle import (
    _locked,
    can_manage_criteria,
    criteria_set_approve,
    criteria_set_check,
    criteria_set_publish,
    criteria_set_retire,
    criteria_set_review,
    ministry_of,
)
from assessment.structure import structure_for
from smedx_portal.services import audit_log

__all__ = [
    "CONTENT_LOCKED",
    "CriteriaSetFrozen",
    "can_manage_criteria",
    "criteria_set_approve",
    "criteria_set_check",
    "criteria_set_delete",
    "criteria_set_load",
    "criteria_set_new_version",
    "criteria_set_publish",
    "criteria_set_retire",
    "criteria_set_review",
    "ministry_of",
]

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
