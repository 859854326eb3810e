from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.phones import normalise_phone
from businesses.models import Business, BusinessKind, Province, Sector, Ward
from businesses.services import EDITABLE_FIELDS
from businesses.validators import normalise_tax_code
from smedx_portal import identity
from smedx_portal.forms import GroupedIntegerField, PlaceChoiceField
from smedx_portal.programmes import Programme


class BusinessForm(forms.ModelForm):
    """Create / edit a business. The ward list depends on the province: filtered on the server (so the form
    works without JavaScript: "Cập nhật danh sách xã/phường"), refreshed in place by static/js/businesses.js."""

    programmes = forms.MultipleChoiceField(
        label=_("Tham gia chương trình"),
        choices=Programme.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("SMEdx: doanh nghiệp nhỏ và vừa, hợp tác xã, hộ kinh doanh. RDX: cửa hàng bán lẻ."),
    )
    tax_code = forms.CharField(
        label=_("Mã số thuế"),
        max_length=32,  # typed with spaces, dots or a dash; stored without them (at most 14 characters)
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_(
            "Doanh nghiệp, hợp tác xã: 10 chữ số (chi nhánh: 10 số-3 số). Hộ kinh doanh, cá nhân: "
            "số định danh cá nhân 12 chữ số của chủ hộ (từ 1/7/2025). Số định danh được mã hóa khi lưu và "
            "chỉ hiển thị dạng che (0012******89)."
        ),
    )
    employees = GroupedIntegerField(
        label=_("Số lao động"),
        required=False,
        min_value=0,
        help_text=_("Số lao động tham gia bảo hiểm xã hội bình quân năm."),
    )
    annual_revenue = GroupedIntegerField(
        label=_("Doanh thu năm gần nhất (đồng)"),
        required=False,
        min_value=0,
        max_value=10**18 - 1,
        help_text=_(
            "Ví dụ 1.200.000.000. Dùng để xếp quy mô siêu nhỏ / nhỏ / vừa theo Nghị định 80/2021/NĐ-CP."
        ),
    )
    sector = forms.ModelChoiceField(
        label=_("Ngành nghề"), queryset=Sector.objects.all(), empty_label=_("— Chọn ngành nghề —")
    )
    province = PlaceChoiceField(
        label=_("Tỉnh/thành phố"), queryset=Province.objects.all(), empty_label=_("— Chọn tỉnh/thành phố —")
    )
    ward = PlaceChoiceField(
        label=_("Xã/phường/đặc khu"),
        queryset=Ward.objects.none(),
        empty_label=_("— Chọn xã/phường —"),
        error_messages={"invalid_choice": _("Xã/phường này không thuộc tỉnh/thành phố đã chọn.")},
    )

    field_order = ["kind", "programmes", "name", "tax_code", "sector", "employees", "annual_revenue"]

    class Meta:
        model = Business
        fields = [
            "kind",
            "name",
            "tax_code",
            "sector",
            "employees",
            "annual_revenue",
            "province",
            "ward",
            "address",
            "phone",
        ]
        labels = {
            "kind": _("Loại hình"),
            "name": _("Tên doanh nghiệp / cửa hàng"),
            "address": _("Địa chỉ (số nhà, đường, thôn/ấp)"),
            "phone": _("Số điện thoại liên hệ"),
        }
        widgets = {
            "kind": forms.RadioSelect,
            "phone": forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "tel"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = BusinessKind.choices
        if self.instance.pk and not self.is_bound:
            self.initial["programmes"] = self.instance.programmes
        province_id = self._province_id()
        self.fields["ward"].queryset = (
            Ward.objects.filter(province_id=province_id) if province_id else Ward.objects.none()
        )
        self.fields["province"].widget.attrs["data-wards-target"] = "id_ward"
        sectors = list(Sector.objects.order_by("position", "name"))
        self.fields["sector"].widget.choices = [
            ("", self.fields["sector"].empty_label),
            (_("Bán lẻ (RDX)"), [(s.pk, s.display_name) for s in sectors if s.is_retail]),
            (_("Ngành khác"), [(s.pk, s.display_name) for s in sectors if not s.is_retail]),
        ]

    def _province_id(self) -> int | None:
        raw = self.data.get("province") if self.is_bound else self.initial.get("province")
        raw = raw or self.instance.province_id
        try:
            return int(getattr(raw, "pk", raw))
        except (TypeError, ValueError):
            return None

    def clean_tax_code(self) -> str:
        # Kind-specific rules are checked in clean(); here only the shape, so the field shows its own error.
        value = self.cleaned_data["tax_code"].strip()
        if self.instance.pk and identity.is_masked(value) and value == self.instance.tax_code:
            return value  # the stored CCCD, shown masked and sent back unchanged
        try:
            return normalise_tax_code(value)
        except ValidationError as exc:
            raise ValidationError(exc.messages)

    def clean_phone(self) -> str:
        value = self.cleaned_data.get("phone", "")
        return normalise_phone(value) if value else ""

    def clean(self):
        cleaned = super().clean()
        kind, tax_code = cleaned.get("kind"), cleaned.get("tax_code")
        if kind and tax_code and not identity.is_masked(tax_code):
            try:
                cleaned["tax_code"] = normalise_tax_code(tax_code, kind=kind)
            except ValidationError as exc:
                self.add_error("tax_code", exc.messages)
        programmes = cleaned.get("programmes") or []
        self.instance.in_smedx = Programme.SMEDX in programmes
        self.instance.in_rdx = Programme.RDX in programmes
        return cleaned

    def validate_unique(self):
        # A tax code already registered is not an error here: registering it becomes a request to join the
        # existing business (businesses.services.business_register). Updates re-check uniqueness in the service.
        pass

    def business_data(self) -> dict[str, Any]:
        """The cleaned values, as the services take them."""
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        programmes = self.cleaned_data.get("programmes") or []
        data["in_smedx"] = Programme.SMEDX in programmes
        data["in_rdx"] = Programme.RDX in programmes
        assert set(data) <= set(EDITABLE_FIELDS)
        return data


class ClaimCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Mã xác nhận"),
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("verify", _("Xác minh")), ("reject", _("Từ chối"))],
        widget=forms.RadioSelect,
        label=_("Quyết định"),
    )
    reason = forms.CharField(
        label=_("Lý do / ghi chú"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bắt buộc khi từ chối: doanh nghiệp sẽ thấy lý do này."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "reject" and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", _("Vui lòng ghi lý do từ chối."))
        return cleaned


class VerificationFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Trạng thái"),
        required=False,
        choices=[("", _("Tất cả"))] + list(Business._meta.get_field("verification_status").choices),
    )
    q = forms.CharField(label=_("Tìm theo tên hoặc mã số thuế"), required=False, max_length=100)
