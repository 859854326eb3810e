import pytest
from django.core.management import call_command

from platforms.models import Listing, ListingStatus, Platform
from smedx_portal.models import Certificate

pytestmark = pytest.mark.django_db


def test_demo_data_is_idempotent_and_shows_in_the_catalogue(
    client, settings, django_capture_on_commit_callbacks
):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("load_demo_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Platform.objects.count() == 5
    assert Listing.objects.filter(status=ListingStatus.SELECTED).count() == 5
    assert Listing.objects.filter(status=ListingStatus.COMPLEMENTARY).count() == 1
    assert Certificate.objects.filter(kind="platform").count() == 1
    response = client.get("/nen-tang/", {"q": "so ban hang"})
    assert [p.name for p in response.context["page"]] == ["Sổ Bán Hàng Việt"]
