"""Forms of the periodic review: opening a cycle, the decision per platform, the provider's appeal, the answer."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from platforms.models import ReviewOutcome
from platforms.models.reviews import DEFAULT_APPEAL_DAYS
from platforms.validators import validate_document
from smedx_portal.forms import DateField
from smedx_portal.programmes import Programme


class CycleForm(forms.Form):
    programme = forms.ChoiceField(label=_("Chương trình"))
    title = forms.CharField(
        label=_("Tên kỳ rà soát"), max_length=120, help_text=_("Ví dụ: 6 tháng đầu năm 2026.")
    )
    period_start = DateField(label=_("Từ ngày"))
    period_end = DateField(label=_("Đến ngày"))
    appeal_days = forms.IntegerField(
        label=_("Số ngày nhà cung cấp được khiếu nại"), min_value=1, max_value=90, initial=DEFAULT_APPEAL_DAYS
    )

    def __init__(self, *args, programmes: tuple[str, ...], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].choices = [(code, Programme(code).label) for code in programmes]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("Ngày kết thúc kỳ phải từ ngày bắt đầu trở đi."))
        return cleaned


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Quyết định"), choices=ReviewOutcome.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Lý do (gửi cho nhà cung cấp)"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Cần nêu lý do của quyết định.")},
    )


class AppealForm(forms.Form):
    text = forms.CharField(
        label=_("Nội dung khiếu nại"),
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Hãy nêu nội dung khiếu nại.")},
    )
    document = forms.FileField(
        label=_("Tài liệu chứng minh (PDF, không bắt buộc)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,application/pdf"}),
    )

    def clean_document(self):
        upload = self.cleaned_data.get("document")
        if upload and validate_document(upload) != "application/pdf":
            raise forms.ValidationError(_("Tài liệu kèm theo phải là tệp PDF."))
        return upload


class AppealAnswerForm(forms.Form):
    upheld = forms.TypedChoiceField(
        label=_("Kết luận"),
        choices=[("1", _("Chấp nhận khiếu nại")), ("0", _("Không chấp nhận"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    answer = forms.CharField(
        label=_("Trả lời nhà cung cấp"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Cần trả lời nhà cung cấp.")},
    )
