from __future__ import annotations

from django import forms
from django.apps import apps
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.permissions import province_scope
from businesses.models import BusinessKind, Province, Sector, Ward
from campaigns.models import CampaignKind, SmsCampaign
from campaigns.segments import Segment
from smedx_portal.forms import DateTimeField, PlaceChoiceField
from smedx_portal.levels import Level
from smedx_portal.programmes import Programme


def platform_group_choices() -> list[tuple[str, str]]:
    """Category groups of the catalogue (platforms app), labelled with their programme."""
    try:
        group_model = apps.get_model("platforms", "CategoryGroup")
    except LookupError:
        return []
    fields = {f.name for f in group_model._meta.get_fields()}
    order = [name for name in ("programme", "position", "code") if name in fields]
    choices = []
    for group in group_model.objects.order_by(*order):
        label = str(group)
        if "programme" in fields and group.programme:
            label = f"{group.programme} — {label}"
        choices.append((str(group.pk), label))
    return choices


class SegmentForm(forms.Form):
    """Who receives the campaign. A province officer's province is fixed and not shown as a choice."""

    programme = forms.ChoiceField(
        label=_("Chương trình"), choices=[("", _("Cả hai chương trình")), *Programme.choices], required=False
    )
    province = PlaceChoiceField(
        label=_("Tỉnh/thành phố"), queryset=Province.objects.all(), required=False, empty_label=_("Toàn quốc")
    )
    ward = PlaceChoiceField(
        label=_("Xã/phường"), queryset=Ward.objects.none(), required=False, empty_label=_("Tất cả xã/phường")
    )
    kinds = forms.MultipleChoiceField(
        label=_("Loại hình"),
        choices=BusinessKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    sector = forms.ModelChoiceField(
        label=_("Ngành nghề"), queryset=Sector.objects.all(), required=False, empty_label=_("Tất cả ngành")
    )
    levels = forms.MultipleChoiceField(
        label=_("Mức độ chuyển đổi số"),
        choices=Level.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    never_surveyed = forms.BooleanField(label=_("Đã đăng ký nhưng chưa từng khảo sát"), required=False)
    surveyed_months_ago = forms.IntegerField(
        label=_("Lần khảo sát gần nhất cách đây hơn (tháng)"), min_value=1, max_value=120, required=False
    )
    platform_group = forms.TypedChoiceField(
        label=_("Đã đăng ký dùng một nền tảng thuộc nhóm"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        scope = province_scope(user) if user is not None else None
        self.fixed_province_id = scope if isinstance(scope, int) and scope > 0 else None
        if self.fixed_province_id:
            del self.fields["province"]
            province_id = self.fixed_province_id
        else:
            province_id = self._chosen_province_id()
        if province_id:
            self.fields["ward"].queryset = Ward.objects.filter(province_id=province_id)
        self.fields["platform_group"].choices = [
            ("", _("Không lọc theo nền tảng")),
            *platform_group_choices(),
        ]

    def _chosen_province_id(self) -> int | None:
        raw = self.data.get(self.add_prefix("province")) if self.is_bound else self.initial.get("province")
        if hasattr(raw, "pk"):
            return raw.pk
        try:
            return int(raw) if raw not in (None, "") else None
        except (TypeError, ValueError):
            return None

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("never_surveyed") and cleaned.get("surveyed_months_ago"):
            raise forms.ValidationError(
                _("Chọn “chưa từng khảo sát” hoặc “khảo sát cách đây hơn N tháng”, không chọn cả hai.")
            )
        if cleaned.get("levels") and cleaned.get("never_surveyed"):
            raise forms.ValidationError(_("Doanh nghiệp chưa khảo sát thì chưa có mức độ."))
        return cleaned

    def segment(self) -> Segment:
        data = self.cleaned_data
        province = data.get("province")
        return Segment(
            programme=data.get("programme") or "",
            province_id=self.fixed_province_id or (province.pk if province else None),
            ward_id=data["ward"].pk if data.get("ward") else None,
            kinds=tuple(data.get("kinds") or ()),
            sector_id=data["sector"].pk if data.get("sector") else None,
            levels=tuple(data.get("levels") or ()),
            never_surveyed=bool(data.get("never_surveyed")),
            surveyed_months_ago=data.get("surveyed_months_ago"),
            platform_group_id=data.get("platform_group"),
        )

    @staticmethod
    def initial_from(campaign: SmsCampaign) -> dict:
        criteria = campaign.criteria or {}
        return {
            "programme": criteria.get("programme", ""),
            "province": campaign.province_id,
            "ward": criteria.get("ward"),
            "kinds": criteria.get("kinds", []),
            "sector": criteria.get("sector"),
            "levels": criteria.get("levels", []),
            "never_surveyed": criteria.get("never_surveyed", False),
            "surveyed_months_ago": criteria.get("surveyed_months_ago"),
            "platform_group": criteria.get("platform_group"),
        }


class CampaignForm(SegmentForm):
    title = forms.CharField(label=_("Tên chiến dịch (nội bộ)"), max_length=200)
    kind = forms.ChoiceField(
        label=_("Loại tin"),
        choices=CampaignKind.choices,
        help_text=_("Tin quảng cáo tự có tiền tố [QC], chỉ gửi 07:00–22:00 và tối đa 3 tin/số/24 giờ."),
    )
    text = forms.CharField(
        label=_("Nội dung"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 5, "data-sms-text": ""}),
        help_text=_("Tin có dấu: 70 ký tự một tin (67 khi ghép nhiều tin); không dấu: 160 (153)."),
    )
    strip_accents = forms.BooleanField(label=_("Gửi không dấu"), required=False)

    field_order = ["title", "kind", "text", "strip_accents"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_fields(self.field_order)

    def segment_fields(self):
        return [self[name] for name in self.fields if name not in self.field_order]

    @staticmethod
    def initial_from(campaign: SmsCampaign) -> dict:
        return {
            **SegmentForm.initial_from(campaign),
            "title": campaign.title,
            "kind": campaign.kind,
            "text": campaign.text,
            "strip_accents": campaign.strip_accents,
        }


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ScheduleForm(forms.Form):
    when = DateTimeField(label=_("Gửi lúc"))

    def clean_when(self):
        when = self.cleaned_data["when"]
        if when <= timezone.now():
            raise forms.ValidationError(_("Thời điểm hẹn gửi phải ở tương lai."))
        return when
