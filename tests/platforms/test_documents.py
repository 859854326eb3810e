"""Documents: PDF/PNG/JPEG only (by their bytes), size-limited, under MEDIA_ROOT, served only to staff and the owner."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from platforms import services
from platforms.models import Listing
from platforms.validators import validate_document
from tests.factories import StaffFactory, UserFactory
from tests.platforms.conftest import PNG_1PX, pdf_bytes, pdf_upload
from tests.platforms.factories import ProviderUserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(platform):
    return services.document_add(
        platform=platform, upload=pdf_upload(), title="Hồ sơ kỹ thuật", kind="technical", uploaded_by=None
    )


def test_valid_files_are_recognised_by_their_bytes():
    assert validate_document(pdf_upload()) == "application/pdf"
    assert validate_document(SimpleUploadedFile("a.png", PNG_1PX, content_type="image/png")) == "image/png"
    jpeg = SimpleUploadedFile("anh.JPG", b"\xff\xd8\xff\xe0" + b"\0" * 100, content_type="image/jpeg")
    assert validate_document(jpeg) == "image/jpeg"


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("virus.exe", b"MZ\x90\x00" + b"\0" * 50, "application/octet-stream"),
        ("fake.pdf", b"<html><script>alert(1)</script>", "application/pdf"),  # a PDF by name only
        ("ho-so.docx", pdf_bytes(), "application/pdf"),  # PDF bytes, wrong extension
        ("ho-so.pdf", pdf_bytes(), "text/html"),  # the browser declared something else
        ("anh.png", pdf_bytes(), "image/png"),  # a PDF named .png
        ("empty.pdf", b"", "application/pdf"),
    ],
)
def test_other_files_are_refused(name, content, content_type):
    with pytest.raises(ValidationError):
        validate_document(SimpleUploadedFile(name, content, content_type=content_type))


def test_size_limit(settings):
    settings.PLATFORMS_DOCUMENT_MAX_BYTES = 1000
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.7\n" + b"0" * 1000, content_type="application/pdf")
    with pytest.raises(ValidationError, match="quá lớn"):
        validate_document(big)


def test_documents_are_stored_under_media_root_not_the_web_root(document):
    path = Path(document.file.path)
    assert path.is_file()
    assert Path(settings.MEDIA_ROOT) in path.parents
    assert Path(settings.BASE_DIR / "static") not in path.parents
    assert path.suffix == ".pdf" and "ho-so" not in path.name  # random names, nothing guessable
    assert document.content_type == "application/pdf" and document.size > 0


def test_owner_and_staff_download_others_get_404(client, document):
    url = f"/nha-cung-cap/tai-lieu/{document.pk}/"
    client.force_login(document.platform.provider.owner)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")

    client.force_login(StaffFactory())
    assert client.get(url).status_code == 200

    for outsider in (ProviderUserFactory(), UserFactory()):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
    client.logout()
    response = client.get(url)
    assert response.status_code == 302 and "/login" in response["Location"]


def test_media_files_have_no_public_url(client, document):
    assert client.get(f"/media/{document.file.name}").status_code == 404


def test_apply_page_uploads_documents_and_refuses_bad_ones(client, platform, accounting):
    client.force_login(platform.provider.owner)
    url = f"/nha-cung-cap/nen-tang/{platform.pk}/ung-tuyen/"
    fake = SimpleUploadedFile("ho-so.pdf", b"GIF89a....", content_type="application/pdf")
    response = client.post(
        url, {"group": accounting.pk, "commitment": "on", "document_kind": "technical", "files": [fake]}
    )
    assert response.status_code == 200
    assert "Chỉ nhận tệp" in response.content.decode()
    assert not Listing.objects.exists()

    response = client.post(
        url,
        {
            "group": accounting.pk,
            "commitment": "on",
            "in_depth_requested": "on",
            "document_kind": "technical",
            "files": [
                pdf_upload("ho-so-ky-thuat.pdf"),
                SimpleUploadedFile("so-do.png", PNG_1PX, "image/png"),
            ],
        },
    )
    listing = Listing.objects.get()
    assert response.status_code == 302
    assert listing.in_depth_requested
    assert sorted(listing.documents.values_list("content_type", flat=True)) == [
        "application/pdf",
        "image/png",
    ]


def test_application_needs_a_document_and_the_commitment(client, platform, accounting):
    client.force_login(platform.provider.owner)
    url = f"/nha-cung-cap/nen-tang/{platform.pk}/ung-tuyen/"
    response = client.post(url, {"group": accounting.pk, "commitment": "on", "document_kind": "technical"})
    assert "Cần gửi kèm ít nhất một tài liệu" in response.content.decode()
    response = client.post(
        url, {"group": accounting.pk, "document_kind": "technical", "files": [pdf_upload()]}
    )
    assert response.status_code == 200 and not Listing.objects.exists()


def test_another_provider_cannot_apply_with_my_platform(client, platform, accounting):
    client.force_login(ProviderUserFactory())
    assert client.get(f"/nha-cung-cap/nen-tang/{platform.pk}/ung-tuyen/").status_code == 404
