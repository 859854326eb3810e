"""Public catalogue pages and usage registration by businesses."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.consents import consent_give, has_consent
from accounts.models import ConsentPurpose
from businesses.selectors import businesses_of
from platforms import selectors, services
from platforms.forms import (
    CatalogueFilterForm,
    UsageForm,
)
from platforms.models import (
    CategoryGroup,
    Listing,
    ListingStatus,
    Platform,
    UsageRegistration,
    UsageStatus,
)
from platforms.validators import sniff_content_type
from platforms.views.common import PROGRAMME_SLUGS, _error_text, _is_staff, _page
from smedx_portal.programmes import Programme


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
                businesses=businesses_of(request.user).filter(pk__in=[b.pk for b in eligible]),
                ask_consent=not has_consent(request.user.id, ConsentPurpose.PROVIDER_SHARING),
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
    ask_consent = not has_consent(request.user.id, ConsentPurpose.PROVIDER_SHARING)
    form = UsageForm(request.POST, businesses=businesses_of(request.user), ask_consent=ask_consent)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, errors[0])
        return redirect(platform)
    if ask_consent:
        consent_give(user_id=request.user.id, purposes=[ConsentPurpose.PROVIDER_SHARING])
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
