"""The business's DX plan: made from a result by its representative, read by staff in scope, never by
anyone else; ticks and dates kept; the PDF."""

import pytest

from assessment.models import Answer, DxPlan
from assessment.services import assessment_start, assessment_submit
from assessment.structure import structure_for
from tests.assessment.conftest import load_set
from tests.assessment.test_scoring import answers_from
from tests.factories import ProvinceOfficerFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

WEAK = {
    "selling-channels": ["counter"],
    "payments": ["cash"],
    "stock": ["notebook"],
    "accounts": ["notebook"],
    "e-invoices": ["none"],
    "customers": ["none"],
    "delivery": ["self"],
    "data-use": "memory",
    "backup": "none",
}


@pytest.fixture
def result(store, owner):
    stores = load_set("rdx-stores-1459.yaml")
    draft = assessment_start(business=store, programme="RDX", actor=owner)
    Answer.objects.bulk_create(
        Answer(assessment=draft, question_id=qid, option_ids=list(v.option_ids), number_value=v.number)
        for qid, v in answers_from(structure_for(stores), WEAK).items()
    )
    return assessment_submit(assessment_id=draft.pk, actor=owner)


def test_owner_makes_a_plan_ordered_with_reasons_and_ticks_a_step(client, owner, store, result):
    client.force_login(owner)
    response = client.post(f"/danh-gia/{result.pk}/lap-ke-hoach/")
    assert response.status_code == 302 and response["Location"] == f"/ke-hoach/{store.pk}/RDX/"
    plan = DxPlan.objects.get(business=store, programme="RDX")
    steps = list(plan.steps.all())
    assert len(steps) == 6 and [step.position for step in steps] == [1, 2, 3, 4, 5, 6]
    assert all(step.reason and step.due_date for step in steps)
    assert steps[0].due_date < steps[-1].due_date
    page = client.get(f"/ke-hoach/{store.pk}/RDX/").content.decode()
    assert steps[0].title in page and "Lưu bước này" in page
    client.post(
        f"/ke-hoach/buoc/{steps[0].pk}/", {"done": "1", "title": "Mua phần mềm", "due_date": "2027-01-15"}
    )
    steps[0].refresh_from_db()
    assert steps[0].is_done and steps[0].title == "Mua phần mềm" and str(steps[0].due_date) == "2027-01-15"
    client.post(f"/ke-hoach/buoc/{steps[0].pk}/", {"title": "Mua phần mềm"})  # unticked
    steps[0].refresh_from_db()
    assert not steps[0].is_done
    response = client.post(f"/ke-hoach/buoc/{steps[0].pk}/", {"title": "", "due_date": "15/01"}, follow=True)
    assert "Nhập ngày theo dạng ngày/tháng/năm" in response.content.decode()
    response = client.post(f"/ke-hoach/buoc/{steps[0].pk}/", {"due_date": "06/12/2026"}, follow=True)
    steps[0].refresh_from_db()
    assert str(steps[0].due_date) == "2026-12-06" and 'value="06/12/2026"' in response.content.decode()
    pdf = client.get(f"/ke-hoach/{store.pk}/RDX/pdf/")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


@pytest.mark.parametrize(
    "who, read, write",
    [("other", 404, 404), ("officer", 200, 404), ("ministry", 200, 404), ("anonymous", 302, 302)],
)
def test_who_may_read_and_change_a_plan(client, owner, store, result, who, read, write):
    from assessment.services.plans import plan_create

    plan = plan_create(assessment=result, actor=owner)
    step = plan.steps.first()
    users = {
        "other": lambda: UserFactory(),
        "officer": lambda: ProvinceOfficerFactory(province=store.province),
        "ministry": lambda: StaffFactory(),
    }
    if who != "anonymous":
        client.force_login(users[who]())
    assert client.get(f"/ke-hoach/{store.pk}/RDX/").status_code == read
    assert client.post(f"/ke-hoach/buoc/{step.pk}/", {"done": "1"}).status_code == write
    assert client.post(f"/danh-gia/{result.pk}/lap-ke-hoach/").status_code in (
        write,
        404 if who != "anonymous" else 302,
    )
    step.refresh_from_db()
    assert not step.is_done
    if read == 200:
        assert "Lưu bước này" not in client.get(f"/ke-hoach/{store.pk}/RDX/").content.decode()


def test_the_plan_offers_a_trial_of_its_selected_platforms_to_the_representative(
    client, owner, store, result
):
    from businesses.models import VerificationStatus
    from platforms.models import Trial
    from tests.platforms.factories import ListingFactory, PlatformFactory, group

    client.force_login(owner)
    client.post(f"/danh-gia/{result.pk}/lap-ke-hoach/")
    step = DxPlan.objects.get(business=store, programme="RDX").steps.first()
    platform = PlatformFactory(name="Bán hàng Mây")
    ListingFactory(platform=platform, group=group("rdx-pos"), status="selected", slot=3)
    step.platforms.add(platform)
    store.verification_status = VerificationStatus.VERIFIED
    store.save()
    url, link = f"/ke-hoach/{store.pk}/RDX/", f"/nen-tang/{platform.pk}/dung-thu/"
    assert link in client.get(url).content.decode()
    Trial.objects.create(
        business=store, platform=platform, listing=platform.listings.get(), requested_by=owner
    )
    assert link not in client.get(url).content.decode()  # one open trial at a time
    Trial.objects.all().delete()
    client.force_login(StaffFactory())  # staff read the plan, they do not ask for trials
    assert link not in client.get(url).content.decode()


def test_a_plan_from_a_set_without_a_tool_inventory_names_the_selected_platforms(owner, store):
    """rdx.yaml asks no tool inventory: its steps are the weakest criteria, each with the platforms the
    programme selected in that criterion's groups (as the result page recommends them)."""
    from assessment.services.plans import plan_create
    from tests.assessment.conftest import RDX_WORST
    from tests.platforms.factories import ListingFactory, group

    rdx = load_set("rdx.yaml")
    platform = ListingFactory(group=group("rdx-pos"), status="selected", slot=1).platform
    draft = assessment_start(business=store, programme="RDX", actor=owner)
    Answer.objects.bulk_create(
        Answer(assessment=draft, question_id=qid, option_ids=list(v.option_ids), number_value=v.number)
        for qid, v in answers_from(structure_for(rdx), RDX_WORST).items()
    )
    plan = plan_create(assessment=assessment_submit(assessment_id=draft.pk, actor=owner), actor=owner)
    pos = plan.steps.get(question_code="pos")
    assert list(pos.platforms.all()) == [platform]
    assert not plan.steps.exclude(question_code="pos").filter(platforms=platform).exists()
