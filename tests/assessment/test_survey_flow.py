import pytest
from django.urls import reverse

from assessment.models import Answer, Assessment, AssessmentStatus
from tests.assessment.conftest import RDX_BEST

pytestmark = pytest.mark.django_db


def test_owner_takes_the_whole_rdx_survey(client, owner, store, rdx_set):
    client.force_login(owner)
    response = client.post(reverse("assessment:start"), {"business": store.pk, "programme": "RDX"})
    assessment = Assessment.objects.get(business=store)
    assert response.status_code == 302
    assert response["Location"] == reverse("assessment:resume", kwargs={"pk": assessment.pk})
    for page, data in RDX_BEST.items():
        url = reverse("assessment:page", kwargs={"pk": assessment.pk, "page": page})
        assert client.get(url).status_code == 200
        response = client.post(url, {**data, "action": "next"})
        assert response.status_code == 302, response.content.decode()[:3000]
    assert response["Location"] == reverse("assessment:review", kwargs={"pk": assessment.pk})
    response = client.post(reverse("assessment:review", kwargs={"pk": assessment.pk}))
    assert response["Location"] == reverse("assessment:result", kwargs={"pk": assessment.pk})
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.SUBMITTED
    assert str(assessment.total_score) == "100.00"
    response = client.get(reverse("assessment:result", kwargs={"pk": assessment.pk}))
    html = response.content.decode()
    assert "Đột phá" in html
    assert Answer.objects.filter(assessment=assessment).count() == 21
