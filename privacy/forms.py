from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.consents import OPTIONAL_PURPOSES
from accounts.forms import ConsentForm, PhoneField
from accounts.models import ConsentPurpose
from businesses.models import Business
from privacy.models import Incident, RequestKind
from smedx_portal.forms import DateTimeField

TEXTAREA = forms.Textarea(attrs={"rows": 4})


class DataRequestForm(forms.Form):
    """A person's request (the fields shown depend on the kind)."""

    business = forms.ModelChoiceField(
        label=_("Về doanh nghiệp"),
        queryset=Business.objects.none(),
        required=False,
        empty_label=_("Thông tin cá nhân của tôi"),
    )
    purpose = forms.ChoiceField(
        label=_("Mục đích bạn phản đối"),
        choices=[(purpose, ConsentPurpose(purpose).label) for purpose in OPTIONAL_PURPOSES],
        widget=forms.RadioSelect,
    )
    new_phone = PhoneField()
    details = forms.CharField(label=_("Nội dung yêu cầu"), max_length=2000, widget=TEXTAREA)

    def __init__(self, *args, kind: str, businesses, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.fields["business"].queryset = businesses
        self.fields["new_phone"].label = _("Số điện thoại mới")
        self.fields["new_phone"].help_text = _(
            "Cán bộ sẽ đối chiếu giấy chứng nhận đăng ký kinh doanh của doanh nghiệp (không cần ảnh căn cước)."
        )
        if kind != RequestKind.OBJECTION:
            del self.fields["purpose"]
        if kind != RequestKind.PHONE_CHANGE:
            del self.fields["new_phone"]
        if kind in (RequestKind.OBJECTION, RequestKind.PHONE_CHANGE):
            self.fields["details"].required = False
            self.fields["details"].label = _("Ghi chú (không bắt buộc)")
        if kind == RequestKind.CORRECTION:
            self.fields["details"].help_text = _("Ghi rõ thông tin nào chưa đúng và thông tin đúng là gì.")
        if kind == RequestKind.RESTRICTION:
            self.fields["details"].help_text = _("Ghi rõ dữ liệu nào cần tạm ngừng xử lý và vì sao.")


class DeletionForm(forms.Form):
    confirm = forms.BooleanField(
        label=_(
            "Tôi hiểu rằng tài khoản và dữ liệu cá nhân của tôi sẽ bị xóa vĩnh viễn, không khôi phục được."
        ),
        required=True,
        error_messages={"required": _("Hãy đánh dấu ô xác nhận để xóa.")},
    )


class HandleRequestForm(forms.Form):
    ACTIONS = [
        ("acknowledge", _("Xác nhận đã nhận")),
        ("complete", _("Hoàn thành")),
        ("refuse", _("Từ chối")),
    ]
    action = forms.ChoiceField(choices=ACTIONS, widget=forms.HiddenInput)
    outcome = forms.CharField(label=_("Kết quả / lý do"), max_length=2000, required=False, widget=TEXTAREA)
    documents_checked = forms.BooleanField(
        label=_("Đã đối chiếu giấy chứng nhận đăng ký kinh doanh / hồ sơ đăng ký của doanh nghiệp"),
        required=False,
    )


class IncidentForm(forms.ModelForm):
    class Meta:
        model = Incident
        fields = ["title", "found_at", "data_kinds", "subjects", "subject_count", "description"]
        field_classes = {"found_at": DateTimeField}
        widgets = {
            "description": TEXTAREA,
            "subjects": forms.Textarea(attrs={"rows": 2}),
        }


class IncidentNotifiedForm(forms.Form):
    reference = forms.CharField(label=_("Số/ký hiệu văn bản thông báo"), max_length=100)
    close = forms.BooleanField(label=_("Đã khắc phục: đóng sự cố"), required=False)


class OnSiteConsentForm(ConsentForm):
    """An officer surveying a store records what its owner agreed to, purpose by purpose (enumerator channel)."""

    representative = forms.ModelChoiceField(
        label=_("Người đồng ý"), queryset=None, widget=forms.RadioSelect, empty_label=None
    )

    def __init__(self, *args, representatives, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["representative"].queryset = representatives
        self.fields["representative"].label_from_instance = lambda user: user.full_name or user.username
