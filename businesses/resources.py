"""Bulk import of businesses from Excel / CSV in the admin (django-import-export).

Consent: an imported business is processed only for taking part in the programme. A row whose optional column
"Chủ cơ sở đồng ý tham gia" is ticked (the owner agreed on paper) gets an account for the owner's mobile and a
consent to take part recorded under the import channel (`businesses.services.import_owner_consent`); nothing
else is consented, so no promotional SMS and no sharing with providers or partners reach an imported owner until
they choose on the portal. Without the column, no person and no consent are recorded.

The admin shows a dry run first, with every row's errors (bad tax code, unknown province or ward, duplicate tax
code in the database or earlier in the file); nothing is imported if any row fails (one transaction, rolled back
on any error). Provinces are accepted by their current code, their name, or a pre-2025 province code or name
(mapped through LegacyProvince), so files made before the July 2025 reform still land in the right province.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from accounts.phones import normalise_phone
from businesses.models import Business, BusinessKind, LegacyProvince, Province, Sector, Ward
from businesses.services import business_derive, import_owner_consent
from businesses.stats import BusinessFacts, stats_apply
from smedx_portal.services import audit_log
from smedx_portal.text import search_key

_PROVINCE_PREFIXES = ("thanh pho ", "tinh ", "tp. ", "tp ")
# Optional: "x" when the owner agreed, on paper, to take part; the row's phone is then the owner's mobile.
OWNER_CONSENT_COLUMN = "Chủ cơ sở đồng ý tham gia"


def _key(value) -> str:
    return search_key(str(value or "")).strip()


def _strip_prefix(key: str) -> str:
    for prefix in _PROVINCE_PREFIXES:
        if key.startswith(prefix):
            return key[len(prefix) :]
    return key


class ProvinceWidget(widgets.Widget):
    """A province by current code (1–96), name ("Hà Nội", "Thành phố Huế"), or pre-2025 code / name."""

    def __init__(self):
        super().__init__()
        self._by_code: dict[int, Province] | None = None

    def _load(self) -> None:
        provinces = list(Province.objects.all())
        self._by_code = {p.code: p for p in provinces}
        self._by_name = {_strip_prefix(p.search_key): p for p in provinces}
        self._legacy_by_code: dict[int, Province] = {}
        self._legacy_by_name: dict[str, Province] = {}
        for legacy in LegacyProvince.objects.select_related("province"):
            self._legacy_by_code[legacy.code] = legacy.province
            self._legacy_by_name[_strip_prefix(_key(legacy.name))] = legacy.province

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            raise ValueError(_("Thiếu tỉnh/thành phố."))
        if self._by_code is None:
            self._load()
        text = str(value).strip()
        if text.replace(".0", "").isdigit():
            code = int(float(text))
            # Codes that exist today win; otherwise a pre-2025 code (e.g. 02 Hà Giang → 08 Tuyên Quang).
            province = self._by_code.get(code) or self._legacy_by_code.get(code)
        else:
            key = _strip_prefix(_key(text))
            province = self._by_name.get(key) or self._legacy_by_name.get(key)
        if province is None:
            raise ValueError(_("Không tìm thấy tỉnh/thành phố “%(value)s”.") % {"value": text})
        return province

    def render(self, value, obj=None, **kwargs):
        return value.name if value else ""


class WardWidget(widgets.Widget):
    """A ward of the row's province, by code or name."""

    def __init__(self, province_widget: ProvinceWidget, province_column: str):
        super().__init__()
        self.province_widget = province_widget
        self.province_column = province_column
        self._cache: dict[int, dict] = {}

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        try:
            province = self.province_widget.clean(row.get(self.province_column), row=row)
        except ValueError:
            return None  # the province column reports its own error
        wards = self._cache.get(province.code)
        if wards is None:
            wards = {}
            for ward in Ward.objects.filter(province=province):
                wards[str(ward.code)] = ward
                wards[ward.search_key] = ward
            self._cache[province.code] = wards
        text = str(value).strip()
        ward = wards.get(
            text.replace(".0", "").lstrip("0") if text.replace(".0", "").isdigit() else _key(text)
        )
        if ward is None:
            raise ValueError(
                _("Không tìm thấy xã/phường “%(value)s” thuộc %(province)s.")
                % {"value": text, "province": province}
            )
        return ward

    def render(self, value, obj=None, **kwargs):
        return value.name if value else ""


class KindWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        key = _key(value)
        for kind in BusinessKind:
            if key in (kind.value, _key(kind.label)):
                return kind.value
        raise ValueError(
            _(
                "Loại hình “%(value)s” không hợp lệ (doanh nghiệp, hợp tác xã, hộ kinh doanh, cửa hàng bán lẻ)."
            )
            % {"value": value}
        )

    def render(self, value, obj=None, **kwargs):
        return BusinessKind(value).label if value else ""


class SectorWidget(widgets.Widget):
    def __init__(self):
        super().__init__()
        self._sectors: dict[str, Sector] | None = None

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        if self._sectors is None:
            self._sectors = {}
            for sector in Sector.objects.all():
                self._sectors[sector.code] = sector
                self._sectors[_key(sector.name)] = sector
                if sector.name_en:
                    self._sectors[_key(sector.name_en)] = sector
        sector = self._sectors.get(str(value).strip()) or self._sectors.get(_key(value))
        if sector is None:
            raise ValueError(_("Không tìm thấy ngành nghề “%(value)s”.") % {"value": value})
        return sector

    def render(self, value, obj=None, **kwargs):
        return value.name if value else ""


class YesNoWidget(widgets.Widget):
    YES = {"1", "x", "co", "yes", "true", "y"}

    def clean(self, value, row=None, **kwargs):
        return _key(value) in self.YES

    def render(self, value, obj=None, **kwargs):
        return "x" if value else ""


class WholeNumberWidget(widgets.Widget):
    """1.234.567 or 1234567 (Vietnamese spreadsheets use dots for thousands)."""

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        text = str(value).strip().replace(" ", "")
        if isinstance(value, int | float | Decimal):
            number = Decimal(str(value))
        else:
            try:
                number = Decimal(text.replace(".", "").replace(",", ""))
            except InvalidOperation:
                raise ValueError(_("“%(value)s” không phải là số.") % {"value": value})
        if number < 0 or number != number.to_integral_value():
            raise ValueError(_("“%(value)s” phải là số nguyên không âm.") % {"value": value})
        return int(number)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class TextWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # a tax code typed into a number cell
        return super().clean(value, row=row, **kwargs)


class BusinessResource(resources.ModelResource):
    name = fields.Field(attribute="name", column_name="Tên", widget=widgets.CharWidget())
    kind = fields.Field(attribute="kind", column_name="Loại hình", widget=KindWidget())
    tax_code = fields.Field(attribute="tax_code", column_name="Mã số thuế", widget=TextWidget())
    sector = fields.Field(attribute="sector", column_name="Ngành nghề", widget=SectorWidget())
    province = fields.Field(attribute="province", column_name="Tỉnh/thành phố", widget=ProvinceWidget())
    ward = fields.Field(attribute="ward", column_name="Xã/phường", widget=widgets.Widget())
    address = fields.Field(attribute="address", column_name="Địa chỉ", widget=widgets.CharWidget())
    employees = fields.Field(attribute="employees", column_name="Số lao động", widget=WholeNumberWidget())
    annual_revenue = fields.Field(
        attribute="annual_revenue", column_name="Doanh thu năm (đồng)", widget=WholeNumberWidget()
    )
    in_smedx = fields.Field(attribute="in_smedx", column_name="SMEdx", widget=YesNoWidget())
    in_rdx = fields.Field(attribute="in_rdx", column_name="RDX", widget=YesNoWidget())
    phone = fields.Field(attribute="phone", column_name="Điện thoại", widget=widgets.CharWidget())

    class Meta:
        model = Business
        fields = (
            "name",
            "kind",
            "tax_code",
            "sector",
            "province",
            "ward",
            "address",
            "employees",
            "annual_revenue",
            "in_smedx",
            "in_rdx",
            "phone",
        )
        import_id_fields = ()
        force_init_instance = True  # every row is a new business; an existing tax code is a duplicate error
        clean_model_instances = True  # Business.clean + unique tax code → per-row errors
        use_transactions = True
        skip_diff = False
        report_skipped = True

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # Lookup tables are filled once per import and shared by the province and ward columns.
        province_widget = ProvinceWidget()
        self.fields["province"].widget = province_widget
        self.fields["ward"].widget = WardWidget(province_widget, self.fields["province"].column_name)

    def import_data(self, dataset, dry_run=False, raise_errors=False, use_transactions=None, **kwargs):
        # All or nothing: one transaction, rolled back when any row has an error or a validation error.
        kwargs["rollback_on_validation_errors"] = True
        return super().import_data(
            dataset, dry_run=dry_run, raise_errors=raise_errors, use_transactions=True, **kwargs
        )

    def owner_consented(self, row) -> bool:
        """The optional column: the owner agreed, on paper, to take part (README, personal data)."""
        return YesNoWidget().clean(row.get(OWNER_CONSENT_COLUMN))

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        if self.owner_consented(row):
            try:
                normalise_phone(str(row.get(self.fields["phone"].column_name) or ""))
            except ValidationError as error:
                raise ValidationError(
                    {
                        "phone": _("Cột “%(column)s” có đánh dấu: cần số di động của chủ cơ sở. %(error)s")
                        % {"column": OWNER_CONSENT_COLUMN, "error": " ".join(error.messages)}
                    }
                )

    def before_save_instance(self, instance, row, **kwargs):
        if not (instance.in_smedx or instance.in_rdx):
            # No programme column ticked: retail stores and household businesses are RDX, others SMEdx.
            instance.in_rdx = instance.kind in (BusinessKind.RETAIL_STORE, BusinessKind.HOUSEHOLD)
            instance.in_smedx = not instance.in_rdx
        business_derive(instance)
        instance._change_reason = _("Nhập từ tệp")
        instance._history_user = kwargs.get("user")

    def after_save_instance(self, instance, row, **kwargs):
        stats_apply(before=None, after=BusinessFacts.of(instance))
        if not kwargs.get("dry_run"):
            audit_log(actor=kwargs.get("user"), obj=instance, action="business.imported")
            if self.owner_consented(row):
                phone = normalise_phone(str(row.get(self.fields["phone"].column_name)))
                import_owner_consent(business=instance, phone=phone, actor=kwargs.get("user"))
