"""Loading, checking, publishing and versioning criteria sets."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from assessment.criteria_files import CriteriaSpec
from assessment.models import CriteriaSet, CriteriaSetStatus, Option, Pillar, Question, QuestionType
from assessment.structure import structure_for
from smedx_portal.services import audit_log


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
