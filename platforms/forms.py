from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from platforms.models import CategoryGroup, Document, DocumentKind, Offer, Platform, Provider, ReviewOutcome
from platforms.validators import validate_document, validate_logo
from smedx_portal.forms import DateField
from smedx_portal.programmes import Programme


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleDocumentField(forms.FileField):
    widget = MultipleFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"})

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        cleaned = [super(MultipleDocumentField, self).clean(item, initial) for item in files]
        for upload in cleaned:
            try:
                validate_document(upload)
            except ValidationError as error:
                raise ValidationError(f"{upload.name}: {' '.join(error.messages)}")
        return cleaned


class ProviderForm(forms.ModelForm):
    website = forms.URLField(label=_("Trang web"), required=False, assume_scheme="https")

    class Meta:
        model = Provider
        fields = [
            "name",
            "tax_code",
            "website",
            "address",
            "description",
            "contact_name",
            "contact_phone",
            "contact_email",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class PlatformForm(forms.ModelForm):
    website = forms.URLField(label=_("Trang web"), required=False, assume_scheme="https")
    logo_upload = forms.FileField(
        label=_("Logo (PNG/JPEG)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".png,.jpg,.jpeg,image/png,image/jpeg"}),
    )

    class Meta:
        model = Platform
        fields = ["name", "short_description", "description", "website", "features", "pricing"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "features": forms.Textarea(attrs={"rows": 5}),
            "pricing": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_logo_upload(self):
        logo = self.cleaned_data.get("logo_upload")
        if logo:
            validate_logo(logo)
        return logo


class ApplicationForm(forms.Form):
    group = forms.ModelChoiceField(label=_("Nhóm nền tảng"), queryset=CategoryGroup.objects.none())
    note = forms.CharField(
        label=_("Thuyết minh"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Nhu cầu nào của doanh nghiệp trong nhóm mà nền tảng đáp ứng; ưu đãi dành cho Chương trình."
        ),
    )
    in_depth_requested = forms.BooleanField(
        label=_("Đề nghị đánh giá chuyên sâu để được cấp chứng nhận"), required=False
    )
    existing_documents = forms.ModelMultipleChoiceField(
        label=_("Tài liệu đã có trong hồ sơ"),
        queryset=Document.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    document_kind = forms.ChoiceField(label=_("Loại tài liệu tải lên"), choices=DocumentKind.choices)
    files = MultipleDocumentField(
        label=_("Tài liệu mới"),
        required=False,
        help_text=_("PDF, PNG hoặc JPEG, mỗi tệp tối đa 10 MB."),
    )
    commitment = forms.BooleanField(
        label=_(
            "Chúng tôi cam kết tuân thủ các quy định của Chương trình và thực hiện các chính sách ưu đãi, hỗ trợ đã đăng ký."
        )
    )

    def __init__(self, *args, platform: Platform, **kwargs):
        super().__init__(*args, **kwargs)
        taken = platform.listings.values("group_id")
        self.fields["group"].queryset = (
            CategoryGroup.objects.active()
            .exclude(pk__in=taken)
            .select_related("domain")
            .order_by("programme", "position")
        )
        self.fields["existing_documents"].queryset = platform.documents.all()

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("files") and not cleaned.get("existing_documents") and not self.errors:
            raise ValidationError(_("Cần gửi kèm ít nhất một tài liệu (PDF, PNG hoặc JPEG)."))
        return cleaned


class FastTrackForm(forms.Form):
    group = forms.ModelChoiceField(
        label=_("Nhóm của Chương trình RDX"), queryset=CategoryGroup.objects.none()
    )
    note = forms.CharField(label=_("Thuyết minh"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    commitment = forms.BooleanField(
        label=_("Chúng tôi cam kết thực hiện, tuân thủ các quy định và yêu cầu của Chương trình RDX.")
    )

    def __init__(self, *args, platform: Platform, **kwargs):
        super().__init__(*args, **kwargs)
        taken = platform.listings.values("group_id")
        self.fields["group"].queryset = (
            CategoryGroup.objects.active()
            .filter(programme=Programme.RDX)
            .exclude(pk__in=taken)
            .order_by("position")
        )


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Tên tài liệu"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("Loại tài liệu"), choices=DocumentKind.choices)
    file = forms.FileField(
        label=_("Tệp (PDF, PNG, JPEG; tối đa 10 MB)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        validate_document(upload)
        return upload


class OfferForm(forms.ModelForm):
    class Meta:
        model = Offer
        fields = ["title", "programme", "description", "valid_from", "valid_until", "is_active"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        field_classes = {"valid_from": DateField, "valid_until": DateField}


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do từ chối"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class UsageForm(forms.Form):
    business = forms.ModelChoiceField(label=_("Doanh nghiệp / cửa hàng"), queryset=None)
    message = forms.CharField(
        label=_("Lời nhắn cho nhà cung cấp"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, businesses, ask_consent: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["business"].queryset = businesses.order_by("name")
        self.fields["business"].empty_label = None
        if ask_consent:
            # Sharing with the providers a person chooses is a consent purpose of its own, never pre-ticked:
            # asked here, where it is needed, when the person has not given it yet.
            self.fields["share_contact"] = forms.BooleanField(
                label=_(
                    "Tôi đồng ý chia sẻ thông tin liên hệ và kết quả của doanh nghiệp với nhà cung cấp "
                    "nền tảng tôi chọn để được liên hệ kích hoạt"
                ),
                error_messages={
                    "required": _("Cần đồng ý chia sẻ thông tin để nhà cung cấp liên hệ với bạn.")
                },
            )


class CatalogueFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm kiếm"), required=False, max_length=100)
    programme = forms.ChoiceField(
        label=_("Chương trình"),
        required=False,
        choices=[("", _("Cả hai chương trình"))] + list(Programme.choices),
    )
    group = forms.ModelChoiceField(
        label=_("Nhóm"),
        required=False,
        queryset=CategoryGroup.objects.active().order_by("programme", "position"),
        to_field_name="code",
        empty_label=_("Tất cả các nhóm"),
    )
    certified = forms.BooleanField(label=_("Đã được cấp chứng nhận"), required=False)
    offers = forms.BooleanField(label=_("Có ưu đãi"), required=False)


# --- admin intermediate pages --------------------------------------------------------------------------------


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 3, "cols": 60}))


class OptionalReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Ý kiến (không bắt buộc)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
    )


class CertifyForm(forms.Form):
    valid_until = DateField(label=_("Hiệu lực đến"))
    scope = forms.CharField(
        label=_("Phạm vi"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=_("Để trống: nhóm, chương trình và điểm đánh giá."),
    )

    def clean_valid_until(self):
        value = self.cleaned_data["valid_until"]
        if value <= timezone.localdate():
            raise ValidationError(_("Ngày hết hiệu lực phải sau hôm nay."))
        return value


class ReviewForm(forms.Form):
    period = forms.CharField(label=_("Kỳ rà soát"), max_length=40)
    commitments_kept = forms.BooleanField(label=_("Thực hiện đúng cam kết"), required=False, initial=True)
    outcome = forms.ChoiceField(label=_("Kết luận"), choices=ReviewOutcome.choices)
    notes = forms.CharField(
        label=_("Nhận xét"), required=False, widget=forms.Textarea(attrs={"rows": 3, "cols": 60})
    )


def evaluation_form_class(criteria, initial_scores: dict[int, int] | None = None):
    """A form with one score field per criterion (0..scale_max) and a comment."""
    fields = {}
    for criterion in criteria:
        fields[f"criterion_{criterion.pk}"] = forms.TypedChoiceField(
            label=f"{criterion.name} ({criterion.get_kind_display()}, {_('trọng số')} {criterion.weight})",
            choices=[(value, str(value)) for value in range(criterion.scale_max + 1)],
            coerce=int,
            help_text=criterion.description,
            initial=(initial_scores or {}).get(criterion.pk),
        )
    fields["comment"] = forms.CharField(
        label=_("Nhận xét"), required=False, widget=forms.Textarea(attrs={"rows": 3, "cols": 60})
    )
    return type("EvaluationForm", (forms.Form,), fields)
