"""Public catalogue, usage registration, and the provider's pages. Views are thin: forms → services/selectors."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import Role
from accounts.permissions import is_ministry_staff, role_required
from businesses.selectors import businesses_of
from platforms import selectors, services
from platforms.forms import (
    ApplicationForm,
    CatalogueFilterForm,
    DeclineForm,
    DocumentForm,
    FastTrackForm,
    OfferForm,
    PlatformForm,
    ProviderForm,
    UsageForm,
)
from platforms.models import (
    CategoryGroup,
    Document,
    Listing,
    ListingStatus,
    Offer,
    Platform,
    Provider,
    UsageRegistration,
    UsageStatus,
)
from platforms.validators import sniff_content_type
from smedx_portal.programmes import Programme

PROGRAMME_SLUGS = {"smedx": Programme.SMEDX, "rdx": Programme.RDX}


def _page(request, queryset, per_page: int | None = None):
    return Paginator(queryset, per_page or settings.PLATFORMS_PAGE_SIZE).get_page(request.GET.get("page"))


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def _is_staff(user) -> bool:
    return bool(getattr(user, "is_staff", False) and user.is_active) or is_ministry_staff(user)


# --- public catalogue ---------------------------------------------------------------------------------------


@require_GET
def catalogue(request):
    form = CatalogueFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    platforms = selectors.catalogue_platforms(
        programme=filters.get("programme") or None,
        group=filters.get("group"),
        query=filters.get("q", ""),
        certified=bool(filters.get("certified")),
        has_offers=bool(filters.get("offers")),
    )
    page = _page(request, platforms)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "platforms/catalogue.html",
        {
            "form": form,
            "page": page,
            "querystring": query.urlencode(),
            "filtered": bool(request.GET.get("q")),
        },
    )


@require_GET
def programme(request, slug: str):
    code = PROGRAMME_SLUGS.get(slug)
    if code is None:
        raise Http404
    groups = list(selectors.catalogue_groups(code))
    domains: dict = {}
    for group in groups:
        domains.setdefault(group.domain, []).append(group)
    return render(
        request,
        "platforms/programme.html",
        {"programme": Programme(code), "slug": slug, "domains": domains.items()},
    )


@require_GET
def group(request, code: str):
    group = get_object_or_404(CategoryGroup.objects.active().select_related("domain"), code=code)
    listings = selectors.group_listings(group)
    selected = list(listings.filter(status=ListingStatus.SELECTED))  # at most three, held by the database
    complementary = _page(request, listings.filter(status=ListingStatus.COMPLEMENTARY))
    return render(
        request,
        "platforms/group.html",
        {
            "group": group,
            "selected": selected,
            "complementary": complementary,
            "programme_slug": group.programme.lower(),
        },
    )


@require_GET
def detail(request, pk: int):
    platform = selectors.public_platform_or_none(pk)
    if platform is None:
        raise Http404
    context = {"platform": platform}
    if request.user.is_authenticated:
        businesses = list(businesses_of(request.user).order_by("name"))
        registrations = list(
            UsageRegistration.objects.filter(platform=platform, business__in=[b.pk for b in businesses])
            .exclude(status=UsageStatus.CANCELLED)
            .select_related("business")
        )
        registered = {
            r.business_id for r in registrations if r.status in (UsageStatus.REQUESTED, UsageStatus.ACTIVE)
        }
        eligible = [b for b in businesses if b.is_verified and b.pk not in registered]
        context.update(
            registrations=registrations,
            has_businesses=bool(businesses),
            unverified=[b for b in businesses if not b.is_verified],
            usage_form=UsageForm(
                businesses=businesses_of(request.user).filter(pk__in=[b.pk for b in eligible])
            )
            if eligible
            else None,
        )
    return render(request, "platforms/detail.html", context)


@require_GET
def logo(request, pk: int):
    platform = get_object_or_404(Platform.objects.select_related("provider"), pk=pk)
    visible = (
        Listing.objects.public().filter(platform=platform).exists()
        or _is_staff(request.user)
        or platform.provider.owner_id == request.user.pk
    )
    if not platform.logo or not visible:
        raise Http404
    handle = platform.logo.open("rb")
    content_type = sniff_content_type(handle.read(16)) or "application/octet-stream"
    handle.seek(0)
    response = FileResponse(handle, content_type=content_type)
    response["Cache-Control"] = "public, max-age=86400"
    return response


@login_required
@require_POST
def register_usage(request, pk: int):
    platform = get_object_or_404(Platform, pk=pk)
    form = UsageForm(request.POST, businesses=businesses_of(request.user))
    if not form.is_valid():
        messages.error(request, _("Chọn doanh nghiệp / cửa hàng của bạn."))
        return redirect(platform)
    try:
        services.usage_register(
            business=form.cleaned_data["business"],
            platform=platform,
            requested_by=request.user,
            message=form.cleaned_data["message"],
        )
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(
            request,
            _("Đã gửi đăng ký sử dụng %(platform)s. Nhà cung cấp sẽ liên hệ để kích hoạt.")
            % {"platform": platform.name},
        )
    return redirect(platform)


@login_required
@require_POST
def cancel_usage(request, pk: int):
    registration = get_object_or_404(
        UsageRegistration.objects.filter(business__in=businesses_of(request.user)).select_related("platform"),
        pk=pk,
    )
    try:
        services.usage_cancel(registration=registration, actor=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("Đã hủy đăng ký sử dụng."))
    return redirect(registration.platform)


# --- provider pages -----------------------------------------------------------------------------------------


def _provider_of(user) -> Provider | None:
    return Provider.objects.filter(owner=user).first()


def _own_platform_or_404(user, pk: int) -> Platform:
    return get_object_or_404(Platform.objects.owned_by(user).select_related("provider"), pk=pk)


def _own_listing_or_404(user, pk: int) -> Listing:
    return get_object_or_404(
        Listing.objects.owned_by(user).select_related(
            "group", "platform__provider", "fast_track_from__group"
        ),
        pk=pk,
    )


@role_required(Role.PROVIDER)
@require_GET
def provider_dashboard(request):
    provider = _provider_of(request.user)
    if provider is None:
        if is_ministry_staff(request.user):
            return redirect("admin:platforms_listing_changelist")
        return redirect("platforms:provider_profile")
    platforms = list(
        provider.platforms.annotate(
            requested_count=Count("usages", filter=Q(usages__status=UsageStatus.REQUESTED), distinct=True)
        )
        .select_related("certificate")
        .prefetch_related(Prefetch("offers", queryset=Offer.objects.order_by("-valid_from")))
        .order_by("name")
    )
    listings = list(selectors.provider_listings(provider))
    sources = [
        listing
        for listing in listings
        if listing.group.programme == Programme.SMEDX
        and listing.status in (ListingStatus.SELECTED, ListingStatus.COMPLEMENTARY)
    ]
    leads = _page(request, selectors.provider_leads(provider))
    return render(
        request,
        "platforms/provider/dashboard.html",
        {
            "provider": provider,
            "platforms": platforms,
            "listings": listings,
            "fast_track_sources": sources,
            "leads": leads,
            "decline_form": DeclineForm(),
        },
    )


@role_required(Role.PROVIDER)
@require_http_methods(["GET", "POST"])
def provider_profile(request):
    provider = _provider_of(request.user)
    form = ProviderForm(request.POST or None, instance=provider)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in ProviderForm.Meta.fields}
        try:
            if provider is None:
                services.provider_register(user=request.user, **fields)
                messages.success(request, _("Đã đăng ký tổ chức. Hãy thêm nền tảng số của bạn."))
            else:
                services.provider_update(provider=provider, **fields)
                messages.success(request, _("Đã cập nhật thông tin tổ chức."))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("platforms:provider_dashboard")
    return render(request, "platforms/provider/profile_form.html", {"form": form, "provider": provider})


@role_required(Role.PROVIDER)
@require_http_methods(["GET", "POST"])
def platform_edit(request, pk: int | None = None):
    provider = _provider_of(request.user)
    if provider is None:
        return redirect("platforms:provider_profile")
    platform = _own_platform_or_404(request.user, pk) if pk else None
    form = PlatformForm(request.POST or None, request.FILES or None, instance=platform)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in PlatformForm.Meta.fields}
        logo_file = form.cleaned_data.get("logo_upload")
        try:
            if platform is None:
                platform = services.platform_create(provider=provider, logo=logo_file, **fields)
                messages.success(request, _("Đã thêm nền tảng. Hãy nộp hồ sơ vào nhóm phù hợp."))
                return redirect("platforms:apply", pk=platform.pk)
            services.platform_update(platform=platform, logo=logo_file, **fields)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã lưu thông tin nền tảng."))
            return redirect("platforms:provider_dashboard")
    return render(request, "platforms/provider/platform_form.html", {"form": form, "platform": platform})


@role_required(Role.PROVIDER)
@require_http_methods(["GET", "POST"])
def apply(request, pk: int):
    platform = _own_platform_or_404(request.user, pk)
    form = ApplicationForm(request.POST or None, request.FILES or None, platform=platform)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        kind = data["document_kind"]
        try:
            listing = services.listing_apply(
                platform=platform,
                group=data["group"],
                actor=request.user,
                commitment=data["commitment"],
                in_depth_requested=data["in_depth_requested"],
                note=data["note"],
                documents=list(data["existing_documents"]),
                uploads=[(upload, upload.name, kind) for upload in data["files"]],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã nộp hồ sơ vào nhóm %(group)s.") % {"group": listing.group.name})
            return redirect("platforms:listing", pk=listing.pk)
    return render(request, "platforms/provider/apply.html", {"form": form, "platform": platform})


@role_required(Role.PROVIDER)
@require_http_methods(["GET", "POST"])
def fast_track(request, pk: int):
    source = _own_listing_or_404(request.user, pk)
    if source.group.programme != Programme.SMEDX or not source.is_public:
        raise Http404
    form = FastTrackForm(request.POST or None, platform=source.platform)
    if request.method == "POST" and form.is_valid():
        try:
            listing = services.listing_fast_track(
                source=source,
                group=form.cleaned_data["group"],
                actor=request.user,
                commitment=form.cleaned_data["commitment"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Đã nộp hồ sơ xét nhanh vào nhóm %(group)s (RDX).") % {"group": listing.group.name}
            )
            return redirect("platforms:listing", pk=listing.pk)
    documents = source.documents.all()
    return render(
        request,
        "platforms/provider/fast_track.html",
        {"form": form, "source": source, "documents": documents},
    )


@role_required(Role.PROVIDER)
@require_http_methods(["GET", "POST"])
def listing_detail(request, pk: int):
    listing = _own_listing_or_404(request.user, pk)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.document_add(
                platform=listing.platform,
                upload=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
                kind=form.cleaned_data["kind"],
                uploaded_by=request.user,
                listing=listing,
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(request, _("Đã bổ sung tài liệu."))
            return redirect("platforms:listing", pk=listing.pk)
    history = list(
        listing.history.select_related("history_user").order_by("-history_date", "-history_id")[:50]
    )
    return render(
        request,
        "platforms/provider/listing_detail.html",
        {
            "listing": listing,
            "documents": listing.documents.all(),
            "history": history,
            "form": form,
        },
    )


@role_required(Role.PROVIDER)
@require_http_methods(["GET", "POST"])
def offer_edit(request, platform_pk: int | None = None, pk: int | None = None):
    if pk:
        offer = get_object_or_404(
            Offer.objects.filter(platform__provider__owner=request.user).select_related("platform"), pk=pk
        )
        platform = offer.platform
    else:
        offer, platform = None, _own_platform_or_404(request.user, platform_pk)
    form = OfferForm(request.POST or None, instance=offer)
    if request.method == "POST" and form.is_valid():
        try:
            services.offer_save(platform=platform, offer=offer, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã lưu ưu đãi."))
            return redirect("platforms:provider_dashboard")
    return render(
        request, "platforms/provider/offer_form.html", {"form": form, "platform": platform, "offer": offer}
    )


@login_required
@require_GET
def document(request, pk: int):
    """A dossier document: for staff and the provider that owns it; 404 for anyone else."""
    document = get_object_or_404(Document.objects.select_related("platform__provider"), pk=pk)
    if not (_is_staff(request.user) or document.platform.provider.owner_id == request.user.pk):
        raise Http404
    extension = document.file.name.rsplit(".", 1)[-1]
    response = FileResponse(
        document.file.open("rb"),
        content_type=document.content_type,
        filename=f"tai-lieu-{document.pk}.{extension}",
    )
    response["Cache-Control"] = "private, no-store"
    return response


def _own_registration_or_404(user, pk: int) -> UsageRegistration:
    return get_object_or_404(UsageRegistration.objects.filter(platform__provider__owner=user), pk=pk)


@role_required(Role.PROVIDER)
@require_POST
def confirm_usage(request, pk: int):
    registration = _own_registration_or_404(request.user, pk)
    try:
        services.usage_confirm(registration=registration, actor=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("Đã xác nhận kích hoạt."))
    return redirect("platforms:provider_dashboard")


@role_required(Role.PROVIDER)
@require_POST
def decline_usage(request, pk: int):
    registration = _own_registration_or_404(request.user, pk)
    form = DeclineForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Cần nêu lý do."))
        return redirect("platforms:provider_dashboard")
    try:
        services.usage_decline(
            registration=registration, actor=request.user, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("Đã từ chối đăng ký."))
    return redirect("platforms:provider_dashboard")
