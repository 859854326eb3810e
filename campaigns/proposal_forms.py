"""The form of an event proposed by a provider, an association, a province officer or staff."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from businesses.models import Province
from campaigns.models import Event, EventKind, Region
from smedx_portal.forms import DateTimeField, PlaceChoiceField
from smedx_portal.programmes import Programme


class EventProposalForm(forms.Form):
    title = forms.CharField(label=_("Tên sự kiện"), max_length=255)
    kind = forms.ChoiceField(label=_("Loại"), choices=EventKind.choices)
    programme = forms.ChoiceField(label=_("Chương trình"), choices=Programme.choices)
    online = forms.TypedChoiceField(
        label=_("Hình thức"),
        choices=[("0", _("Tại một địa điểm")), ("1", _("Trực tuyến"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
        initial="0",
    )
    region = forms.ChoiceField(label=_("Khu vực"), choices=Region.choices)
    province = PlaceChoiceField(
        label=_("Tỉnh/thành phố"),
        queryset=Province.objects.all(),
        required=False,
        error_messages={"invalid_choice": _("Địa điểm phải ở một tỉnh/thành phố của Việt Nam.")},
    )
    venue = forms.CharField(label=_("Địa điểm"), max_length=255, required=False)
    online_url = forms.URLField(
        label=_("Đường dẫn tham dự trực tuyến"), required=False, assume_scheme="https"
    )
    starts_at = DateTimeField(label=_("Bắt đầu"))
    ends_at = DateTimeField(label=_("Kết thúc"))
    capacity = forms.IntegerField(label=_("Số chỗ"))
    organiser_name = forms.CharField(label=_("Đơn vị tổ chức"), max_length=255)
    summary = forms.CharField(label=_("Tóm tắt"), max_length=300, required=False)
    description = forms.CharField(
        label=_("Nội dung, chương trình"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    is_regional_workshop = forms.BooleanField(
        label=_("Là hội thảo khu vực của Chương trình SMEdx (Bắc, Trung, Nam)"), required=False
    )

    def __init__(self, *args, staff: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not staff:
            del self.fields["is_regional_workshop"]

    @classmethod
    def initial_from(cls, event: Event) -> dict:
        initial = {name: getattr(event, name) for name in cls.base_fields if hasattr(event, name)}
        initial["online"] = "1" if event.online_url else "0"
        initial["province"] = event.province_id
        return initial


class ReviewForm(forms.Form):
    reason = forms.CharField(
        label=_("Ý kiến của Ban quản lý"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
