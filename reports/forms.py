from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from businesses.models import Province
from reports.models import Grouping, ReportKind, ReportScope
from smedx_portal.forms import DateField, PlaceChoiceField
from smedx_portal.programmes import Programme

# Levels are per programme, so every figure is shown for one programme (SMEdx unless another is chosen).
PROGRAMME_CHOICES = Programme.choices
FIRST_YEAR = 2021


def year_choices() -> list[tuple[int, int]]:
    return [(year, str(year)) for year in range(timezone.localdate().year, FIRST_YEAR - 1, -1)]


class DashboardFilterForm(forms.Form):
    programme = forms.ChoiceField(label=_("Chương trình"), choices=PROGRAMME_CHOICES, required=False)
    year = forms.TypedChoiceField(label=_("Năm"), coerce=int, choices=year_choices, required=False)

    def values(self) -> tuple[str, int]:
        if self.is_valid():
            year = self.cleaned_data["year"] or timezone.localdate().year
            return self.cleaned_data["programme"] or Programme.SMEDX, year
        return Programme.SMEDX, timezone.localdate().year


class ReportRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Định dạng"), choices=ReportKind.choices, initial=ReportKind.PDF)
    scope = forms.ChoiceField(label=_("Phạm vi"), choices=ReportScope.choices, initial=ReportScope.PROVINCE)
    province = PlaceChoiceField(
        label=_("Tỉnh/thành phố"), queryset=Province.objects.all(), required=False, empty_label=_("— Chọn —")
    )
    programme = forms.ChoiceField(label=_("Chương trình"), choices=PROGRAMME_CHOICES, initial=Programme.SMEDX)
    period_from = DateField(label=_("Từ ngày"))
    period_to = DateField(label=_("Đến ngày"))
    grouping = forms.ChoiceField(
        label=_("Bảng chính nhóm theo"), choices=Grouping.choices, initial=Grouping.AREA, required=False
    )

    def __init__(self, *args, province_id: int | None = None, **kwargs):
        """`province_id`: a province officer's province (the only choice offered); None for ministry staff."""
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["period_from"].initial = datetime.date(today.year, 1, 1)
        self.fields["period_to"].initial = today
        if province_id is not None:
            self.fields["scope"].choices = [(ReportScope.PROVINCE, ReportScope.PROVINCE.label)]
            self.fields["province"].queryset = Province.objects.filter(pk=province_id)
            self.fields["province"].initial = province_id
            self.fields["province"].empty_label = None
            self.fields["province"].required = True

    def clean(self):
        data = super().clean()
        start, end = data.get("period_from"), data.get("period_to")
        if start and end and start > end:
            self.add_error("period_to", _("Ngày kết thúc phải sau ngày bắt đầu."))
        if end and end > timezone.localdate():
            self.add_error("period_to", _("Kỳ báo cáo không được vượt quá hôm nay."))
        if data.get("scope") == ReportScope.PROVINCE and not data.get("province"):
            self.add_error("province", _("Chọn tỉnh/thành phố."))
        data["grouping"] = data.get("grouping") or Grouping.AREA
        return data


class RankingPublishForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Năm"), coerce=int, choices=year_choices)
    programme = forms.ChoiceField(label=_("Chương trình"), choices=PROGRAMME_CHOICES, initial=Programme.SMEDX)
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
