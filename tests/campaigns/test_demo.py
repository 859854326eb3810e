import pytest
from django.urls import reverse

from campaigns.demo import load_demo_campaigns

pytestmark = pytest.mark.django_db


def test_the_demo_loads_twice_and_shows(client):
    first = load_demo_campaigns()
    assert load_demo_campaigns() == first == {"articles": 1, "chapters": 3, "events": 1}
    assert (
        "Cổng thông tin chuyển đổi số SMEdx / RDX chính thức vận hành"
        in client.get(reverse("campaigns:article_list")).content.decode()
    )
    assert "miền Bắc" in client.get(reverse("campaigns:event_list")).content.decode()
    assert "Bắt đầu với phần mềm bán hàng" in client.get(reverse("campaigns:handbook_index")).content.decode()
