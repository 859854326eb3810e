"""Forms. The plan form is a table (wards × business types) plus figures and a timeline: parsed here into the
service's input, every value kept as typed so a refused form loses nothing."""

from __future__ import annotations

from dataclasses import dataclass, field

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessment.models import CriteriaSet
from programmes.models import PlanTemplate, ProvinceReport, ReportPeriod
from programmes.services.plan_templates import TEMPLATE_FIELDS
from programmes.services.plans import FIGURE_FIELDS, PlanInput
from smedx_portal.forms import DateField, parse_date
from smedx_portal.programmes import Programme
from smedx_portal.uploads import validate_upload

MILESTONE_ROWS = 6


def clean_pdf(upload):
    if upload:
        validate_upload(upload, allowed={"application/pdf"}, max_bytes=settings.PROGRAMME_DOCUMENT_MAX_BYTES)
    return upload


class DocumentMixin:
    def clean_document(self):
        return clean_pdf(self.cleaned_data.get("document"))


@dataclass
class PlanPost:
    """The posted plan: raw values per input name (to show again) and the parsed input, or errors."""

    raw: dict[str, str]
    data: PlanInput | None
    errors: dict[str, list[str]] = field(default_factory=dict)


def _int(raw: str, name: str, errors: dict[str, list[str]]) -> int | None:
    text = raw.strip().replace(".", "").replace(",", "")
    if not text:
        return 0
    try:
        return int(text)
    except ValueError:
        errors.setdefault(name, []).append(_("Cần nhập một số nguyên."))
        return None


def parse_plan_post(post) -> PlanPost:
    raw: dict[str, str] = {}
    errors: dict[str, list[str]] = {}
    figures = {}
    for name in FIGURE_FIELDS:
        raw[name] = post.get(name, "")
        figures[name] = _int(raw[name], name, errors)
    targets: dict[tuple[int, str], int] = {}
    for name, value in post.items():
        if not name.startswith("target-"):
            continue
        raw[name] = value
        parts = name.split("-", 2)
        if len(parts) != 3 or not parts[1].isdigit():
            errors.setdefault(name, []).append(_("Ô chỉ tiêu không hợp lệ."))
            continue
        number = _int(value, name, errors)
        if number is not None:
            targets[(int(parts[1]), parts[2])] = number
    milestones = []
    for index in range(MILESTONE_ROWS):
        due, count = post.get(f"milestone-{index}-date", ""), post.get(f"milestone-{index}-surveyed", "")
        raw[f"milestone-{index}-date"], raw[f"milestone-{index}-surveyed"] = due, count
        if not due.strip() and not count.strip():
            continue
        day = parse_date(due)
        if day is None:
            errors.setdefault(f"milestone-{index}", []).append(_("Ngày không hợp lệ (dd/mm/yyyy)."))
            continue
        number = _int(count, f"milestone-{index}", errors)
        if number is not None:
            milestones.append((day, number))
    raw["resources"] = post.get("resources", "")
    if errors:
        return PlanPost(raw=raw, data=None, errors=errors)
    data = PlanInput(
        figures=figures, resources=raw["resources"].strip(), targets=targets, milestones=milestones
    )
    return PlanPost(raw=raw, data=data)


class PlanStartForm(forms.Form):
    programme = forms.ChoiceField(label=gettext_lazy("Chương trình"), choices=Programme.choices)
    year = forms.IntegerField(label=gettext_lazy("Năm"), min_value=2024, max_value=2035)

    def __init__(self, *args, programmes: tuple[str, ...], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["programme"].choices = [
            (code, label) for code, label in Programme.choices if code in programmes
        ]


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("Ý kiến"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Lý do điều chỉnh"), widget=forms.Textarea(attrs={"rows": 2}))


class ReportCreateForm(PlanStartForm):
    period = forms.ChoiceField(label=gettext_lazy("Kỳ báo cáo"), choices=ReportPeriod.choices)


class NarrativeForm(forms.ModelForm):
    class Meta:
        model = ProvinceReport
        fields = ["narrative"]
        widgets = {"narrative": forms.Textarea(attrs={"rows": 8})}


class PilotEndForm(DocumentMixin, forms.Form):
    report = forms.ModelChoiceField(
        label=gettext_lazy("Báo cáo tổng kết thí điểm"), queryset=ProvinceReport.objects.none()
    )
    rollout_on = DateField(label=gettext_lazy("Triển khai diện rộng từ ngày"))
    title = forms.CharField(label=gettext_lazy("Tiêu đề quyết định"), max_length=255)
    summary = forms.CharField(
        label=gettext_lazy("Bài học kinh nghiệm"), widget=forms.Textarea(attrs={"rows": 5})
    )
    revised_criteria = forms.ModelChoiceField(
        label=gettext_lazy("Bộ tiêu chí sửa đổi"), queryset=CriteriaSet.objects.none(), required=False
    )
    revised_template = forms.ModelChoiceField(
        label=gettext_lazy("Kế hoạch mẫu sửa đổi"), queryset=PlanTemplate.objects.none(), required=False
    )
    document = forms.FileField(label=gettext_lazy("Văn bản (PDF)"), required=False)

    def __init__(self, *args, programme: str, reports, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["report"].queryset = reports
        self.fields["revised_criteria"].queryset = CriteriaSet.objects.filter(programme=programme)
        self.fields["revised_template"].queryset = PlanTemplate.objects.filter(programme=programme)


class ClassificationForm(DocumentMixin, forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Năm"), min_value=2024, max_value=2035)
    summary = forms.CharField(
        label=gettext_lazy("Nội dung"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    document = forms.FileField(label=gettext_lazy("Văn bản (PDF)"), required=False)


def parse_milestones(text: str) -> list[list[int]]:
    """ "3:25, 6:50, 12:100" → [[3, 25], [6, 50], [12, 100]]: months rising within the year, the cumulative
    share of businesses surveyed (%) never falling, ending at 100."""
    pairs = []
    for part in text.replace(";", ",").split(","):
        if not part.strip():
            continue
        month, sep, percent = part.partition(":")
        if not sep or not month.strip().isdigit() or not percent.strip().isdigit():
            raise forms.ValidationError(
                _("Mỗi mốc viết “tháng:phần trăm”, ví dụ 3:25, 6:50, 9:75, 12:100 (“%(part)s” không đúng).")
                % {"part": part.strip()}
            )
        pairs.append([int(month), int(percent)])
    if not pairs:
        raise forms.ValidationError(_("Cần ít nhất một mốc tiến độ, ví dụ 12:100."))
    for (month, percent), previous in zip(pairs, [[0, 0], *pairs], strict=False):
        if not 1 <= month <= 12 or month <= previous[0]:
            raise forms.ValidationError(
                _("Tháng phải từ 1 đến 12 và tăng dần (tháng %(month)s).") % {"month": month}
            )
        if percent > 100 or percent < previous[1]:
            raise forms.ValidationError(
                _("Phần trăm lũy kế phải từ 0 đến 100 và không giảm (tháng %(month)s).") % {"month": month}
            )
    if pairs[-1][1] != 100:
        raise forms.ValidationError(_("Mốc cuối cùng phải đạt 100%."))
    return pairs


class PlanTemplateForm(forms.ModelForm):
    """A new version of the ministry's template plan (started from the latest one's values)."""

    milestones = forms.CharField(
        label=gettext_lazy("Tiến độ (tháng:% khảo sát lũy kế)"),
        help_text=gettext_lazy("Ví dụ 3:25, 6:50, 9:75, 12:100."),
    )
    year = forms.IntegerField(label=gettext_lazy("Năm"), min_value=2024, max_value=2035)

    class Meta:
        model = PlanTemplate
        fields = list(TEMPLATE_FIELDS)
        widgets = {"resources": forms.Textarea(attrs={"rows": 3})}

    def clean_milestones(self):
        return parse_milestones(self.cleaned_data["milestones"])

    def clean(self):
        cleaned = super().clean()
        for name in ("reach_per_business",):
            if cleaned.get(name) is not None and cleaned[name] < 0:
                self.add_error(name, _("Không được nhỏ hơn 0."))
        return cleaned


def template_initial(template: PlanTemplate | None, year: int) -> dict:
    if template is None:
        return {"year": year, "milestones": "3:25, 6:50, 9:75, 12:100"}
    values = {name: getattr(template, name) for name in PlanTemplateForm.Meta.fields}
    values["milestones"] = ", ".join(f"{month}:{percent}" for month, percent in template.milestones)
    values["year"] = max(template.year, year)
    return values


class MemberForm(forms.Form):
    user = forms.ModelChoiceField(label=gettext_lazy("Cán bộ"), queryset=None)
    position = forms.CharField(
        label=gettext_lazy("Chức danh trong Tổ công tác"), max_length=150, required=False
    )
    joined_on = DateField(label=gettext_lazy("Tham gia từ ngày"))

    def __init__(self, *args, candidates, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = candidates
        self.fields["user"].error_messages["invalid_choice"] = _(
            "Chọn một cán bộ Bộ trong danh sách (người đang là thành viên không có trong danh sách)."
        )
        self.fields["user"].label_from_instance = lambda user: f"{user} · {user.get_role_display()}"


class ConsultationForm(DocumentMixin, forms.Form):
    programme = forms.ChoiceField(label=gettext_lazy("Chương trình"))
    title = forms.CharField(label=gettext_lazy("Tên dự thảo"), max_length=255)
    description = forms.CharField(
        label=gettext_lazy("Giới thiệu"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    document = forms.FileField(label=gettext_lazy("Dự thảo (PDF)"))
    opens_on = DateField(label=gettext_lazy("Mở góp ý từ ngày"))
    closes_on = DateField(label=gettext_lazy("Hạn góp ý"))
    questions = forms.CharField(
        label=gettext_lazy("Câu hỏi lấy ý kiến"),
        help_text=gettext_lazy("Mỗi dòng một câu hỏi."),
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, programmes: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["programme"].choices = programmes

    def clean_questions(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["questions"].splitlines() if line.strip()]


class PolicyCommentForm(forms.Form):
    organisation = forms.CharField(label=gettext_lazy("Đơn vị góp ý"), max_length=255)
    body = forms.CharField(label=gettext_lazy("Ý kiến của đơn vị"), widget=forms.Textarea(attrs={"rows": 4}))


class AnswerForm(forms.Form):
    answer = forms.CharField(label=gettext_lazy("Trả lời"), widget=forms.Textarea(attrs={"rows": 3}))


class SummaryForm(forms.Form):
    summary = forms.CharField(
        label=gettext_lazy("Tổng hợp ý kiến và cách tiếp thu"), widget=forms.Textarea(attrs={"rows": 8})
    )
