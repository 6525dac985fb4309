"""Evidence files: judged by content and size, stored outside the web root, served only as attachments."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from govkpi.results.models import Evidence
from tests.results.builders import PASSWORD

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _evidence_dir(settings, tmp_path):
    settings.EVIDENCE_ROOT = tmp_path / "evidence"


def docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def upload(client, world, name, content, **extra):
    client.login(username="rep5401", password=PASSWORD)
    data = {
        "action": "save",
        f"value-{world.mean.pk}": "70",
        f"file-{world.mean.pk}": SimpleUploadedFile(name, content),
    }
    return client.post(reverse("results:entry", args=["5401", "2565-Q1"]), data | extra)


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("report.pdf", PDF, "application/pdf"),
        ("photo.jpg", b"\xff\xd8\xff\xe0" + b"0" * 64, "image/jpeg"),
        ("minutes.docx", docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ],
)
def test_pdf_images_and_office_documents_are_accepted(world, client, name, content, content_type):
    assert upload(client, world, name, content).status_code == 302
    evidence = Evidence.objects.get()
    assert (evidence.name, evidence.content_type, evidence.size) == (name, content_type, len(content))


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("report.pdf", b"<html><script>alert(1)</script></html>"),  # HTML named .pdf
        ("page.html", b"<!DOCTYPE html><html></html>"),
        ("fake.docx", b"PK\x03\x04not really a zip"),
        ("tool.exe", b"MZ\x90\x00"),
    ],
)
def test_anything_else_is_refused_by_its_content(world, client, name, content):
    response = upload(client, world, name, content)
    assert response.status_code == 400
    assert not Evidence.objects.exists()


def test_files_above_the_size_limit_are_refused(world, client, settings):
    settings.GOVKPI_MAX_UPLOAD_MB = 1
    response = upload(client, world, "big.pdf", PDF + b"0" * (1024 * 1024))
    assert response.status_code == 400 and "1 MB" in response.content.decode()
    assert not Evidence.objects.exists()


def test_evidence_is_stored_outside_the_web_root(world, client, settings):
    upload(client, world, "report.pdf", PDF)
    path = Evidence.objects.get().file.path
    assert path.startswith(str(settings.EVIDENCE_ROOT))
    assert not path.startswith(str(settings.MEDIA_ROOT)) and not path.startswith(str(settings.STATIC_ROOT))


def test_evidence_is_served_only_as_an_attachment_to_people_who_may_see_it(world, client):
    upload(client, world, "report.pdf", PDF)
    url = reverse("results:evidence", args=[Evidence.objects.get().pk])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF
    for who, status in (("app5401", 200), ("rep5402", 404)):
        client.logout()
        client.login(username=who, password=PASSWORD)
        assert client.get(url).status_code == status
    client.logout()
    assert client.get(url).status_code == 302  # to the login page
