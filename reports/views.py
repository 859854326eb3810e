from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role
from accounts.permissions import is_ministry_staff, province_scope, role_required, scope_to_province
from businesses.models import Province
from reports.forms import DashboardFilterForm, RankingPublishForm, ReportRequestForm
from reports.models import ProvinceRanking, ReportJob, ReportScope
from reports.presenters import dashboard_charts, level_segments, level_table
from reports.ranking import WEIGHTS, ranking_compute
from reports.segments import segment_businesses, segment_groups, segments_computed_at, weakest_pillar_totals
from reports.selectors import (
    cache_seconds,
    national_dashboard,
    programme_or_default,
    province_dashboard,
)
from reports.services import ranking_publish, report_job_request, report_job_retry
from smedx_portal.charts import PALETTE, bar_chart, stacked_bar_chart
from smedx_portal.levels import Level
from smedx_portal.models import AccessKind
from smedx_portal.personal import log_access
from smedx_portal.programmes import Programme, short_name
from smedx_portal.spreadsheets import SafeWriter

STAFF_OR_OFFICER = (Role.PROVINCE_OFFICER, Role.MINISTRY_STAFF)


def _province_or_404(user, code: int) -> Province:
    """A province the user may see: any for ministry staff, only their own for a province officer."""
    scope = province_scope(user)
    if scope is not None and scope != code:
        raise Http404
    return get_object_or_404(Province, pk=code)


def _visible_jobs(user):
    return scope_to_province(ReportJob.objects.select_related("province", "requester"), user)


def _job_or_404(user, pk: int) -> ReportJob:
    return get_object_or_404(_visible_jobs(user), pk=pk)


# --- dashboards ------------------------------------------------------------------------------------------
def _charts(data: dict, *, area_name: str, area_header: str) -> dict:
    """The dashboard's SVG charts and tables by level, cached beside its figures (same scope, filters,
    language and moment)."""
    parts = ("reports:charts", data["scope"], data.get("province_id"), data["programme"], data["year"])
    key = f"{':'.join(str(part) for part in parts)}:{get_language()}:{data['computed_at'].timestamp()}"
    charts = cache.get(key)
    if charts is None:
        charts = dashboard_charts(data, area_name=area_name)
        charts["table_area"] = level_table(
            data["by_area"],
            first_header=area_header,
            caption=_("Doanh nghiệp và mức độ theo địa bàn"),
            link_provinces=data["scope"] == "national",
        )
        charts["table_kind"] = level_table(
            data["by_kind"], first_header=_("Loại hình"), caption=_("Theo loại hình")
        )
        charts["table_sector"] = level_table(
            data["by_sector"], first_header=_("Ngành nghề"), caption=_("Theo ngành nghề")
        )
        cache.set(key, charts, cache_seconds())
    return charts


@role_required(*STAFF_OR_OFFICER)
def index(request):
    scope = province_scope(request.user)
    if scope is None:
        return redirect("reports:national")
    return redirect("reports:province", code=scope)


@role_required(Role.MINISTRY_STAFF)
def national(request):
    filters = DashboardFilterForm(request.GET or None)
    programme, year = filters.values()
    data = national_dashboard(programme=programme, year=year)
    return render(
        request,
        "reports/dashboard.html",
        {
            "data": data,
            "filters": filters,
            "charts": _charts(data, area_name=_("tỉnh/thành phố"), area_header=_("Tỉnh/thành phố")),
            "trial_results": data["trial_results"],
            "title": _("Tổng quan toàn quốc"),
            "area_name": _("Tỉnh/thành phố"),
            "programme_label": Programme(programme).label,
        },
    )


@role_required(*STAFF_OR_OFFICER)
def province(request, code: int):
    place = _province_or_404(request.user, code)
    filters = DashboardFilterForm(request.GET or None)
    programme, year = filters.values()
    data = province_dashboard(province_id=place.pk, programme=programme, year=year)
    return render(
        request,
        "reports/dashboard.html",
        {
            "data": data,
            "filters": filters,
            "province": place,
            "charts": _charts(data, area_name=_("xã/phường"), area_header=_("Xã/phường")),
            "trial_results": data["trial_results"],
            "title": place.name,
            "area_name": _("Xã/phường"),
            "programme_label": Programme(programme).label,
        },
    )


# --- report jobs -----------------------------------------------------------------------------------------
@role_required(*STAFF_OR_OFFICER)
def jobs(request):
    scope = province_scope(request.user)
    officer_province = scope if scope is not None else None
    if request.method == "POST":
        if officer_province is not None and (
            request.POST.get("scope") == ReportScope.NATIONAL
            or request.POST.get("province", str(officer_province)) != str(officer_province)
        ):
            raise Http404  # an officer asking for another province's (or the national) report
        form = ReportRequestForm(request.POST, province_id=officer_province)
        if form.is_valid():
            try:
                job = report_job_request(requester=request.user, **form.cleaned_data)
            except PermissionDenied:
                raise Http404
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Đã nhận yêu cầu. Báo cáo đang được tạo."))
                return redirect("reports:job_detail", pk=job.pk)
    else:
        form = ReportRequestForm(province_id=officer_province)
    page = Paginator(_visible_jobs(request.user), 20).get_page(request.GET.get("page"))
    return render(request, "reports/jobs.html", {"form": form, "page": page})


@role_required(*STAFF_OR_OFFICER)
def job_detail(request, pk: int):
    job = _job_or_404(request.user, pk)
    return render(request, "reports/job_detail.html", {"job": job})


@role_required(*STAFF_OR_OFFICER)
def job_status(request, pk: int):
    job = _job_or_404(request.user, pk)
    return JsonResponse(
        {
            "status": job.status,
            "status_label": job.get_status_display(),
            "progress": job.progress,
            "finished": job.is_finished,
            "error": job.error,
            "download_url": reverse("reports:job_download", args=[job.pk]) if job.can_download else None,
        }
    )


@role_required(*STAFF_OR_OFFICER)
def job_download(request, pk: int):
    job = _job_or_404(request.user, pk)
    if not job.can_download:
        raise Http404
    try:
        handle = job.file.open("rb")
    except FileNotFoundError:
        raise Http404
    if job.kind != "pdf":  # lists of businesses with their contacts (the PDF holds aggregates only)
        log_access(
            viewer=request.user, obj=job, kind=AccessKind.EXPORT, what=_("Tải báo cáo %(job)s") % {"job": job}
        )
    return FileResponse(handle, as_attachment=True, filename=job.file.name.rsplit("/", 1)[-1])


@require_POST
@role_required(*STAFF_OR_OFFICER)
def job_retry(request, pk: int):
    job = _job_or_404(request.user, pk)
    try:
        report_job_retry(job=job, actor=request.user)
    except PermissionDenied:
        raise Http404
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã xếp báo cáo vào hàng đợi để tạo lại."))
    return redirect("reports:job_detail", pk=job.pk)


# --- ranking ---------------------------------------------------------------------------------------------
@role_required(*STAFF_OR_OFFICER)
def ranking(request):
    filters = DashboardFilterForm(request.GET or None)
    programme, year = filters.values()
    published = (
        ProvinceRanking.objects.filter(year=year, programme=programme)
        .select_related("published_by")
        .order_by("-published_at")
        .first()
    )
    rows = list(published.rows.select_related("province")) if published else []
    staff = is_ministry_staff(request.user)
    preview = (
        ranking_compute(year, programme) if staff and (not published or request.GET.get("preview")) else None
    )
    shown = rows or preview or []
    chart = bar_chart(
        [(row.province.name if hasattr(row, "province") else row.name, row.score) for row in shown],
        title=_("Điểm tổng hợp %(programme)s %(year)s") % {"programme": short_name(programme), "year": year},
        decimals=2,
        max_value=100,
        color=PALETTE[1],
        table=True,
    )
    return render(
        request,
        "reports/ranking.html",
        {
            "filters": filters,
            "year": year,
            "programme": programme,
            "programme_label": Programme(programme).label,
            "published": published,
            "rows": rows,
            "preview": preview,
            "chart": chart,
            "weights": {name: int(value * 100) for name, value in WEIGHTS.items()},
            "publish_form": RankingPublishForm(initial={"year": year, "programme": programme})
            if staff
            else None,
            "own_province": province_scope(request.user),
        },
    )


@require_POST
@role_required(Role.MINISTRY_STAFF)
def ranking_publish_view(request):
    form = RankingPublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Năm xếp hạng không hợp lệ."))
        return redirect("reports:ranking")
    try:
        published = ranking_publish(
            year=form.cleaned_data["year"],
            programme=form.cleaned_data["programme"],
            actor=request.user,
            note=form.cleaned_data["note"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("reports:ranking")
    messages.success(request, _("Đã công bố xếp hạng năm %(year)s.") % {"year": published.year})
    return redirect(f"{reverse('reports:ranking')}?year={published.year}&programme={published.programme}")


# --- segmentation ----------------------------------------------------------------------------------------
def _segment_scope(request) -> Province | None:
    scope = province_scope(request.user)
    if scope is not None:
        return get_object_or_404(Province, pk=scope)
    code = request.GET.get("province") or request.POST.get("province")
    if code and code.isdigit():
        return get_object_or_404(Province, pk=int(code))
    return None


@role_required(*STAFF_OR_OFFICER)
def segments(request):
    place = _segment_scope(request)
    requested = request.GET.get("province")
    if place is not None and requested and requested != str(place.pk):
        raise Http404
    programme = programme_or_default(request.GET.get("programme", ""))
    groups = segment_groups(province_id=place.pk if place else None, programme=programme)
    page = Paginator(groups, 20).get_page(request.GET.get("page"))
    pillar_chart = bar_chart(
        weakest_pillar_totals(groups),
        title=_("Doanh nghiệp theo trụ cột yếu nhất"),
        color=PALETTE[3],
        table=True,
    )
    level_chart = stacked_bar_chart(
        [(f"{group['sector']} · {group['pillar_label']}", group["level_list"]) for group in page.object_list],
        segments=level_segments()[:3],
        title=_("Mức độ trong từng nhóm"),
        table=True,
    )
    return render(
        request,
        "reports/segments.html",
        {
            "place": place,
            "page": page,
            "total": sum(group["size"] for group in groups),
            "group_count": len(groups),
            "computed_at": segments_computed_at(),
            "pillar_chart": pillar_chart,
            "level_chart": level_chart,
            "programme": programme,
            "programmes": Programme.choices,
            "provinces": Province.objects.all() if province_scope(request.user) is None else None,
            "levels": Level.choices,
            "extra_query": urlencode({"province": place.pk if place else "", "programme": programme}),
        },
    )


@require_POST
@role_required(Role.MINISTRY_STAFF)
def segments_refresh_view(request):
    from reports.tasks import refresh_segments

    transaction.on_commit(refresh_segments.delay)
    messages.success(request, _("Đang tính lại các nhóm. Tải lại trang sau ít phút."))
    return redirect("reports:segments")


class _Echo:
    def write(self, value):
        return value


@role_required(*STAFF_OR_OFFICER)
def segment_csv(request):
    """The businesses of one group, for outreach (only within the user's province scope)."""
    place = _segment_scope(request)
    requested = request.GET.get("province")
    if place is not None and requested and requested != str(place.pk):
        raise Http404
    sector, pillar = request.GET.get("sector", ""), request.GET.get("pillar", "")
    if not sector.isdigit() or not pillar:
        raise Http404
    programme = programme_or_default(request.GET.get("programme", ""))
    queryset = segment_businesses(
        programme=programme, sector_id=int(sector), pillar=pillar, province_id=place.pk if place else None
    )
    rows = queryset.order_by("business_id").values_list(
        "business_id",
        "business__name",
        "business__tax_code",
        "business__province__name",
        "business__ward__name",
        "business__phone",
        "level",
        "score",
    )
    levels = dict(Level.choices)
    writer = SafeWriter(_Echo())
    header = [
        _("Mã"),
        _("Tên"),
        _("Mã số thuế"),
        _("Tỉnh/thành phố"),
        _("Xã/phường"),
        _("Điện thoại"),
        _("Mức độ"),
        _("Điểm"),
    ]

    def lines():
        yield "\ufeff" + writer.writerow(header)
        for pk, name, tax, province_name, ward, phone, level, score in rows.iterator(chunk_size=2000):
            yield writer.writerow(
                [pk, name, tax or "", province_name, ward or "", phone, levels.get(level, ""), score]
            )

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="nhom-{programme.lower()}-{sector}-{pillar}.csv"'
    log_access(
        viewer=request.user, obj=None, kind=AccessKind.EXPORT, what=_("Danh sách nhóm doanh nghiệp (CSV)")
    )
    return response
