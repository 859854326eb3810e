"""Forms of the programme's partnership with selected platforms: trials and agreements."""

from __future__ import annotations

import datetime

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from platforms.forms import UsageForm
from platforms.validators import validate_document
from smedx_portal.forms import DateField
from smedx_portal.programmes import short_name


class TrialRequestForm(UsageForm):
    """The business and what it wants to try (the usage form's fields, worded for a trial)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["message"].label = _("Bạn muốn dùng thử để làm gì?")


class TrialAcceptForm(forms.Form):
    setup_due = DateField(label=_("Thiết lập xong trước ngày"))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "initial",
            {"setup_due": timezone.localdate() + datetime.timedelta(days=settings.TRIAL_SETUP_DAYS)},
        )
        super().__init__(*args, **kwargs)


class TrialReadyForm(forms.Form):
    access_note = forms.CharField(
        label=_("Hướng dẫn truy cập bản dùng thử"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Địa chỉ đăng nhập, tài khoản dùng thử, người hỗ trợ…"),
    )


class TrialRateForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Bạn chấm nền tảng mấy sao?"),
        coerce=int,
        choices=[(n, "★" * n) for n in range(5, 0, -1)],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Nhận xét"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )


class AgreementSignForm(forms.Form):
    """Accept the terms from the legal representative's account, or upload the signed PDF."""

    accept = forms.BooleanField(
        label=_("Tôi là người đại diện theo pháp luật (hoặc được ủy quyền) và chấp thuận thỏa thuận này"),
        required=False,
    )
    signed_file = forms.FileField(
        label=_("Hoặc tải lên bản thỏa thuận đã ký, đóng dấu (PDF)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,application/pdf"}),
    )

    def clean_signed_file(self):
        upload = self.cleaned_data.get("signed_file")
        if upload and validate_document(upload) != "application/pdf":
            raise forms.ValidationError(_("Bản đã ký phải là tệp PDF."))
        return upload

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("accept") and not cleaned.get("signed_file") and not self.errors:
            raise forms.ValidationError(_("Hãy đánh dấu chấp thuận hoặc tải lên bản đã ký."))
        return cleaned


class AgreementRenewForm(forms.Form):
    ends_on = DateField(label=_("Thỏa thuận mới hiệu lực đến"))


class AgreementGraceForm(forms.Form):
    grace_until = DateField(
        label=_("Vẫn hiển thị khi chờ ký đến"),
        required=False,
        help_text=_("Để trống: không hiển thị cho đến khi ký."),
    )
    reason = forms.CharField(label=_("Lý do"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class AgreementDraftForm(forms.Form):
    """Staff pick a selected platform (listing) of their programmes; dates default to today and the usual term."""

    listing = forms.ModelChoiceField(label=_("Nền tảng được lựa chọn"), queryset=None)
    starts_on = DateField(label=_("Hiệu lực từ (để trống: hôm nay)"), required=False)
    ends_on = DateField(label=_("Hiệu lực đến (để trống: theo thời hạn mẫu)"), required=False)

    def __init__(self, *args, listings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["listing"].queryset = listings
        self.fields["listing"].label_from_instance = lambda listing: (
            f"{listing.platform.name} — {short_name(listing.group.programme)}"
        )


class AgreementFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm nền tảng, nhà cung cấp"), required=False)
    status = forms.ChoiceField(label=_("Trạng thái"), required=False)
    programme = forms.ChoiceField(label=_("Chương trình"), required=False)

    def __init__(self, *args, statuses, programmes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("Tất cả"))] + list(statuses)
        self.fields["programme"].choices = [("", _("Tất cả"))] + list(programmes)
