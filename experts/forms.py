from __future__ import annotations

import phonenumbers
from django import forms
from django.utils.translation import gettext_lazy as _

from businesses.models import Province, Sector
from experts.models import (
    Channel,
    Consultation,
    ExpertApplication,
    ExpertKind,
    Language,
    Question,
    QuestionTopic,
    SupportRequest,
)
from experts.models.consultations import PILLAR_CHOICES
from smedx_portal.forms import PlaceChoiceField, PlaceMultipleChoiceField
from smedx_portal.programmes import Programme
from smedx_portal.taxonomy import DOMAINS, PILLARS

SPECIALTY_GROUPS = [
    (_("Trụ cột đánh giá mức độ chuyển đổi số"), list(PILLARS.items())),
    (_("Lĩnh vực nền tảng số"), list(DOMAINS.items())),
]


class ApplicationForm(forms.ModelForm):
    specialties = forms.MultipleChoiceField(
        label=_("Chuyên môn"),
        choices=SPECIALTY_GROUPS,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Các trụ cột và lĩnh vực bạn tư vấn được."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Ngôn ngữ tư vấn"),
        choices=Language.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=["vi"],
    )
    provinces = PlaceMultipleChoiceField(
        label=_("Tỉnh/thành phố phục vụ"),
        queryset=Province.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )
    sectors = forms.ModelMultipleChoiceField(
        label=_("Ngành am hiểu"),
        queryset=Sector.objects.order_by("position", "name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = ExpertApplication
        fields = [
            "kind",
            "name",
            "tax_code",
            "headline",
            "bio",
            "specialties",
            "sectors",
            "provinces",
            "languages",
            "years_experience",
            "references",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "bio": forms.Textarea(attrs={"rows": 6}),
            "references": forms.Textarea(attrs={"rows": 3}),
        }

    def clean(self):
        data = super().clean()
        if data.get("kind") == ExpertKind.ORGANISATION and not data.get("tax_code"):
            self.add_error("tax_code", _("Tổ chức tư vấn cần có mã số thuế."))
        return data

    def service_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class DocumentForm(forms.Form):
    file = forms.FileField(
        label=_("Tài liệu (PDF, PNG, JPEG)"),
        help_text=_("Bằng cấp, chứng chỉ, thư giới thiệu. Tối đa 5 MB mỗi tệp."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}),
    )


class ConsultationRequestForm(forms.ModelForm):
    business = forms.ModelChoiceField(label=_("Doanh nghiệp"), queryset=None, empty_label=None)

    class Meta:
        model = Consultation
        fields = ["business", "topic", "pillar", "description", "channel"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5}), "channel": forms.RadioSelect}

    def __init__(self, *args, businesses=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["business"].queryset = businesses
        self.fields["pillar"].choices = [("", "---------"), *PILLAR_CHOICES]
        self.fields["channel"].choices = Channel.choices


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do (không bắt buộc)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class MessageForm(forms.Form):
    body = forms.CharField(label=_("Tin nhắn"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


class RatingForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Đánh giá"),
        coerce=int,
        choices=[(n, f"{n} ★") for n in range(5, 0, -1)],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Nhận xét"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm kiếm"), required=False, max_length=100)
    province = PlaceChoiceField(label=_("Tỉnh/thành phố"), queryset=Province.objects.all(), required=False)
    specialty = forms.ChoiceField(label=_("Chuyên môn"), required=False)
    sector = forms.ModelChoiceField(
        label=_("Ngành"), queryset=Sector.objects.order_by("position", "name"), required=False
    )
    kind = forms.ChoiceField(
        label=_("Loại"), required=False, choices=[("", _("Tất cả")), *ExpertKind.choices]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["specialty"].choices = [("", _("Tất cả")), *SPECIALTY_GROUPS]


class QuestionForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = ["title", "body", "topic", "programme"]
        widgets = {"body": forms.Textarea(attrs={"rows": 6})}
        help_texts = {"body": _("Văn bản thường; có thể dùng **đậm**, *nghiêng*, danh sách và liên kết.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].choices = [("", _("Cả hai chương trình")), *Programme.choices]
        self.fields["topic"].choices = QuestionTopic.choices


class AnswerForm(forms.Form):
    body = forms.CharField(label=_("Câu trả lời"), max_length=10000, widget=forms.Textarea(attrs={"rows": 5}))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Lý do"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


def complaint_platforms():
    """The platforms a complaint may name: those shown in the catalogue as selected. Reached through the foreign
    key (the catalogue is a peer app, never imported here)."""
    return SupportRequest._meta.get_field("about_platform").related_model.objects.selected()


class ReportForm(ReasonForm):
    about_platform = forms.ModelChoiceField(
        label=_("Nền tảng số được phản ánh (nếu có)"), queryset=None, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["about_platform"].queryset = complaint_platforms()


class QuestionSearchForm(forms.Form):
    q = forms.CharField(label=_("Tìm câu hỏi"), required=False, max_length=100)
    topic = forms.ChoiceField(
        label=_("Chủ đề"), required=False, choices=[("", _("Tất cả")), *QuestionTopic.choices]
    )
    programme = forms.ChoiceField(
        label=_("Chương trình"), required=False, choices=[("", _("Tất cả")), *Programme.choices]
    )


def normalise_vn_mobile(value: str) -> str:
    """A Vietnamese mobile number in E.164 form, or a ValidationError."""
    try:
        number = phonenumbers.parse(value, "VN")
    except phonenumbers.NumberParseException:
        raise forms.ValidationError(_("Số điện thoại không hợp lệ."))
    if (
        number.country_code != 84
        or not phonenumbers.is_valid_number(number)
        or phonenumbers.number_type(number) != phonenumbers.PhoneNumberType.MOBILE
    ):
        raise forms.ValidationError(_("Vui lòng nhập số di động Việt Nam."))
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


class SupportRequestForm(forms.ModelForm):
    class Meta:
        model = SupportRequest
        fields = ["name", "phone", "email", "programme", "topic", "message", "about_platform"]
        help_texts = {"about_platform": _("Chọn nếu yêu cầu là phản ánh về một nền tảng của Chương trình.")}
        widgets = {
            "message": forms.Textarea(attrs={"rows": 5}),
            "phone": forms.TextInput(attrs={"type": "tel"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].choices = [("", _("Chưa rõ / cả hai")), *Programme.choices]
        self.fields["about_platform"].queryset = complaint_platforms()
        self.fields["about_platform"].empty_label = _("Không phản ánh nền tảng nào")

    def clean_phone(self) -> str:
        return normalise_vn_mobile(self.cleaned_data["phone"])
