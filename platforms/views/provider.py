"""The provider's pages: organisation, platforms, applications, documents, offers, leads."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import Role
from accounts.permissions import is_ministry_staff, role_required
from platforms import selectors, services
from platforms.forms import (
    ApplicationForm,
    DeclineForm,
    DocumentForm,
    FastTrackForm,
    OfferForm,
    PlatformForm,
    ProviderForm,
)
from platforms.models import (
    Document,
    Listing,
    ListingStatus,
    Offer,
    Platform,
    PlatformReview,
    Provider,
    UsageRegistration,
    UsageStatus,
)
from platforms.views.common import _error_text, _is_staff, _page
from smedx_portal.programmes import Programme


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
            "agreements": selectors.provider_agreements(provider),
            "reviews": PlatformReview.objects.owned_by(request.user)
            .decided()
            .select_related("cycle", "listing__platform", "listing__group", "appeal")
            .order_by("-decided_at")[:10],
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
            # the next step once selected: the agreement the selection issued (latest first)
            "agreement": listing.platform.agreements.filter(programme=listing.group.programme).first(),
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
