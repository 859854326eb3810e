import pytest

from experts.demo import DEMO_EXPERTS, load_demo_experts
from experts.models import Expert, NetworkRules, Question
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


def test_demo_experts_are_certified_and_idempotent(client):
    StaffFactory()
    experts = load_demo_experts()
    assert len(experts) == len(DEMO_EXPERTS)
    assert all(Expert.objects.get(pk=e.pk).is_certified for e in experts)
    load_demo_experts()
    assert Expert.objects.count() == len(DEMO_EXPERTS)
    assert Question.objects.filter(is_faq=True).count() == 2 and NetworkRules.objects.count() == 1
    assert len(client.get("/chuyen-gia/").context["page"].object_list) == len(DEMO_EXPERTS)
    assert "Chương trình RDX" in client.get("/hoi-dap/cau-hoi-thuong-gap/").content.decode()
