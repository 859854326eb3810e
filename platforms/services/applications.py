"""Provider applications: a platform applies to a category group (per programme), or fast-tracks to RDX."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from platforms.models import PUBLIC_STATUSES, CategoryGroup, Document, Listing, Platform
from platforms.services.providers import document_add
from smedx_portal.programmes import Programme
from smedx_portal.services import audit_log


def _create_listing(
    *, platform: Platform, group: CategoryGroup, actor: Any, reason: str, **fields: Any
) -> Listing:
    if not group.is_active:
        raise ValidationError(_("Nhóm này hiện không nhận hồ sơ."))
    if Listing.objects.filter(platform=platform, group=group).exists():
        raise ValidationError(_("Nền tảng đã có hồ sơ trong nhóm này."))
    listing = Listing(platform=platform, group=group, submitted_at=timezone.now(), **fields)
    listing.full_clean(validate_constraints=False)
    listing._history_user = actor
    listing._change_reason = reason
    try:
        with transaction.atomic():
            listing.save()
    except IntegrityError:  # the same application sent twice at once
        raise ValidationError(_("Nền tảng đã có hồ sơ trong nhóm này."))
    return listing


@transaction.atomic
def listing_apply(
    *,
    platform: Platform,
    group: CategoryGroup,
    actor: Any,
    commitment: bool,
    in_depth_requested: bool = False,
    note: str = "",
    documents: list[Document] | tuple = (),
    uploads: list[tuple[Any, str, str]] | tuple = (),
) -> Listing:
    """Apply with a platform to one group. `documents` are already in the dossier, `uploads` are new
    (file, title, kind). At least one document is required."""
    if platform.provider.owner_id != getattr(actor, "pk", None):
        raise PermissionDenied
    if not commitment:
        raise ValidationError(_("Cần cam kết tuân thủ các quy định và yêu cầu của Chương trình."))
    if any(document.platform_id != platform.pk for document in documents):
        raise PermissionDenied
    if not documents and not uploads:
        raise ValidationError(_("Cần gửi kèm ít nhất một tài liệu (PDF, PNG hoặc JPEG)."))
    listing = _create_listing(
        platform=platform,
        group=group,
        actor=actor,
        reason=_("Nộp hồ sơ"),
        in_depth_requested=in_depth_requested,
        note=note,
        commitment_accepted_at=timezone.now(),
    )
    if documents:
        listing.documents.add(*documents)
    for upload, title, kind in uploads:
        document_add(
            platform=platform, upload=upload, title=title, kind=kind, uploaded_by=actor, listing=listing
        )
    audit_log(actor=actor, obj=listing, action="listing.apply", data={"group": group.code})
    return listing


def fast_track_sources(platform: Platform):
    """The platform's SMEdx listings that let it apply to RDX in one step (selected or complementary)."""
    return platform.listings.filter(group__programme=Programme.SMEDX, status__in=PUBLIC_STATUSES)


@transaction.atomic
def listing_fast_track(
    *, source: Listing, group: CategoryGroup, actor: Any, commitment: bool, note: str = ""
) -> Listing:
    """A platform selected under SMEdx applies to an RDX group in one step, reusing its documents
    (QĐ 1459/QĐ-BTTTT, II.4b: "không cần nộp lại những hồ sơ khác")."""
    if source.platform.provider.owner_id != getattr(actor, "pk", None):
        raise PermissionDenied
    if source.group.programme != Programme.SMEDX or source.status not in PUBLIC_STATUSES:
        raise ValidationError(_("Chỉ nền tảng đã được Chương trình SMEdx lựa chọn mới được xét nhanh."))
    if group.programme != Programme.RDX:
        raise ValidationError(_("Chọn một nhóm của Chương trình RDX."))
    if not commitment:
        raise ValidationError(_("Cần cam kết tuân thủ các quy định và yêu cầu của Chương trình."))
    listing = _create_listing(
        platform=source.platform,
        group=group,
        actor=actor,
        reason=_("Nộp hồ sơ xét nhanh từ SMEdx"),
        fast_track_from=source,
        note=note,
        commitment_accepted_at=timezone.now(),
    )
    listing.documents.add(*source.documents.all())
    audit_log(
        actor=actor,
        obj=listing,
        action="listing.fast_track",
        data={"group": group.code, "from_listing": source.pk},
    )
    return listing
