"""Demo approvals for `make run` and the benchmarks: demo staff of each ministry review, approve and publish
the criteria sets loaded from the files (the files themselves carry no approvals). Never in production."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from accounts.models import Role
from assessment.models import CriteriaSet, CriteriaSetStatus, Ministry
from assessment.services.criteria_sets import (
    criteria_set_approve,
    criteria_set_publish,
    criteria_set_review,
)

DEMO_APPROVERS = {
    # ministry: phone, full name, role
    Ministry.MOST: ("+84900000021", "Cán bộ Vụ Kinh tế và Xã hội số (mẫu)", Role.MINISTRY_STAFF),
    Ministry.MOIT: ("+84900000022", "Cán bộ Bộ Công Thương (mẫu)", Role.MOIT_STAFF),
}
DEMO_DOCUMENT = "Phê duyệt mẫu của dữ liệu thử — không phải văn bản thật"


def demo_approver(ministry: str):
    phone, full_name, role = DEMO_APPROVERS[ministry]
    user, created = get_user_model().objects.get_or_create(
        phone=phone,
        defaults={
            "username": phone,
            "full_name": full_name,
            "role": role,
            "phone_verified_at": timezone.now(),
        },
    )
    if created:
        from businesses.demo import DEMO_PASSWORD

        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


@transaction.atomic
def approve_and_publish_demo() -> list[CriteriaSet]:
    """Every set not yet published nor retired: reviewed, approved by each ministry it needs, published."""
    if settings.PRODUCTION:
        raise RuntimeError("Demo approvals are never recorded in production.")
    published = []
    pending = CriteriaSet.objects.filter(
        status__in=(CriteriaSetStatus.DRAFT, CriteriaSetStatus.REVIEWED, CriteriaSetStatus.APPROVED)
    ).order_by("programme", "version")
    for criteria_set in pending:
        published.append(publish_with_demo_approvals(criteria_set))
    return published


def publish_with_demo_approvals(criteria_set: CriteriaSet) -> CriteriaSet:
    reviewer = demo_approver(Ministry.MOST)
    if criteria_set.status == CriteriaSetStatus.DRAFT:
        criteria_set = criteria_set_review(criteria_set=criteria_set, actor=reviewer, note=DEMO_DOCUMENT)
    approved = set(criteria_set.approvals.values_list("ministry", flat=True))
    for ministry in criteria_set.required_ministries:
        if ministry not in approved:
            criteria_set_approve(
                criteria_set=criteria_set, actor=demo_approver(ministry), document=DEMO_DOCUMENT
            )
    return criteria_set_publish(criteria_set=criteria_set, actor=reviewer)
