"""One policy for every uploaded file (govkpi.ops.uploads): result evidence, checklist evidence and award certificates,
on the web pages and in the admin. Accepted by sniffed content only (PDF, PNG, JPEG, WebP, Office Open XML,
OpenDocument, UTF-8 text), stored under the extension of that content, active content and polyglots refused, and
always served as an attachment with the sniffed type and nosniff — files stored under an older policy too."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import openpyxl
import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.urls import reverse

from govkpi.accounts.models import Membership
from govkpi.assessments.models import ChecklistEntry
from govkpi.awards.models import Award
from govkpi.ops import uploads
from govkpi.orgs.actions import rebuild_paths
from govkpi.orgs.models import OrgUnit
from govkpi.results.models import Evidence
from tests.results.builders import PASSWORD, build_world

pytestmark = pytest.mark.django_db

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# --- files built by hand or with the libraries that write them ---------------------------------------------------


def pdf() -> bytes:
    """A minimal, well-formed one-page PDF 1.4 with a correct cross-reference table."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>",
        b"<< /Length 35 >>\nstream\nBT /F1 12 Tf 20 100 Td (KPI) Tj ET\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png(text: bytes = b"") -> bytes:
    """A 1×1 grey PNG; ``text`` goes into a tEXt chunk (where a polyglot hides its markup)."""
    extra = _chunk(b"tEXt", b"Comment\x00" + text) if text else b""
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
        + extra
        + _chunk(b"IDAT", zlib.compress(b"\x00\x80"))
        + _chunk(b"IEND", b"")
    )


JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"


def docx() -> bytes:
    import docx as python_docx

    document = python_docx.Document()
    document.add_paragraph("รายงานผลการดำเนินงาน")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx() -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["ตัวชี้วัด", 70])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def macro_docx() -> bytes:
    """A .docm dressed as .docx: VBA inside."""
    source = zipfile.ZipFile(io.BytesIO(docx()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            archive.writestr(info, source.read(info))
        archive.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0Attribute VB_Name")
    return buffer.getvalue()


def odt(extra: dict[str, bytes] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
        for name, content in (extra or {}).items():
            archive.writestr(name, content)
    return buffer.getvalue()


def plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "hello")
    return buffer.getvalue()


PDF = pdf()
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'
XML_SVG = b'<?xml version="1.0"?>\n' + SVG
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00"
OLE_DOC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + b"\xec\xa5\xc1\x00" + b"\x00" * 600
THAI_TEXT = "บันทึกการประชุม ครั้งที่ ๑/๒๕๖๕\nผู้เข้าร่วม 12 คน\n".encode()

ACCEPTED = [
    # (uploaded as, content, sniffed type, stored as)
    ("report.pdf", PDF, "application/pdf", "report.pdf"),
    ("report.html", PDF, "application/pdf", "report.pdf"),  # a real PDF under a dangerous name
    ("scan", PDF, "application/pdf", "scan.pdf"),
    ("chart.png", png(), "image/png", "chart.png"),
    ("photo.JPEG", JPEG, "image/jpeg", "photo.jpeg"),
    ("photo.png", JPEG, "image/jpeg", "photo.jpg"),
    ("minutes.docx", docx(), DOCX, "minutes.docx"),
    ("minutes.doc", docx(), DOCX, "minutes.docx"),
    ("figures.xlsx", xlsx(), XLSX, "figures.xlsx"),
    ("figures.exe", xlsx(), XLSX, "figures.xlsx"),
    ("plan.odt", odt(), "application/vnd.oasis.opendocument.text", "plan.odt"),
    ("notes.txt", THAI_TEXT, "text/plain", "notes.txt"),
    ("notes.csv", THAI_TEXT, "text/plain", "notes.txt"),  # never opened by a spreadsheet as formulas
    ("บันทึก.svg", THAI_TEXT, "text/plain", "บันทึก.txt"),
    ("..\\..\\x\u202etxt.exe", THAI_TEXT, "text/plain", "xtxt.txt"),  # folders and a right-to-left override dropped
]

REFUSED = [
    # (uploaded as, content, problem)
    ("page.html", HTML, uploads.ACTIVE),
    ("report.pdf", HTML, uploads.ACTIVE),
    ("logo.svg", SVG, uploads.ACTIVE),
    ("logo.svg", XML_SVG, uploads.ACTIVE),
    ("data.xml", b'<?xml version="1.0"?><kpi/>', uploads.ACTIVE),
    ("run.txt", b"#!/bin/sh\nrm -rf /\n", uploads.ACTIVE),
    ("tool.exe", EXE, uploads.ACTIVE),
    ("tool.pdf", EXE, uploads.ACTIVE),
    ("pdf-html.html", b"%PDF-1.4\n<html><script>alert(1)</script></html>", uploads.ACTIVE),
    ("pdf-svg.pdf", PDF.replace(b"%\xe2\xe3\xcf\xd3\n", b"<svg/onload=alert(1)>\n"), uploads.ACTIVE),
    ("gif-svg.svg", b"GIF89a<svg onload=alert(1)></svg>", uploads.ACTIVE),
    ("png-script.png", png(b"<script>alert(1)</script>"), uploads.ACTIVE),
    ("macro.docx", macro_docx(), uploads.ACTIVE),
    ("macro.odt", odt({"Basic/Standard/Module1.xml": b"<script:module/>"}), uploads.ACTIVE),
    ("anim.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", uploads.UNKNOWN),
    ("old.doc", OLE_DOC, uploads.LEGACY),
    ("archive.docx", plain_zip(), uploads.UNKNOWN),
    ("fake.docx", b"PK\x03\x04not really a zip", uploads.UNKNOWN),
    ("latin1.txt", "caf\xe9".encode("latin-1"), uploads.UNKNOWN),
    ("utf16.txt", "hello".encode("utf-16"), uploads.UNKNOWN),
    ("empty.pdf", b"", uploads.EMPTY),
]


# --- the policy itself -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "content", "content_type", "stored"), ACCEPTED, ids=[a[0] for a in ACCEPTED])
def test_accepted_files_take_the_extension_of_their_content(name, content, content_type, stored):
    upload = SimpleUploadedFile(name, content)
    vetted = uploads.vet_upload(upload)
    assert (vetted.content_type, vetted.name, upload.name) == (content_type, stored, stored)


@pytest.mark.parametrize(("name", "content", "problem"), REFUSED, ids=[r[0] + "-" + r[2] for r in REFUSED])
def test_active_content_polyglots_and_unlisted_types_are_refused(name, content, problem):
    assert uploads.sniff(io.BytesIO(content)) == uploads.Sniffed(None, problem)
    with pytest.raises(ValidationError) as raised:
        uploads.vet_upload(SimpleUploadedFile(name, content), field="file")
    assert raised.value.message_dict["file"] == [uploads.problem_message(problem)]


def test_markup_after_the_scanned_window_does_not_make_a_large_pdf_a_polyglot():
    content = PDF + b"0" * uploads.SCAN_BYTES + b"<script>"
    assert uploads.sniff(io.BytesIO(content)).content_type == "application/pdf"


def test_photo_metadata_is_not_mistaken_for_markup():
    xmp = (b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
           b'<rdf:RDF><rdf:Description/></rdf:RDF></x:xmpmeta><?xpacket end="w"?>')
    jpeg = b"\xff\xd8\xff\xe1" + struct.pack(">H", len(xmp) + 31) + b"http://ns.adobe.com/xap/1.0/\x00" + xmp
    assert uploads.sniff(io.BytesIO(jpeg + JPEG[2:])).content_type == "image/jpeg"


def test_the_size_limit_comes_first(settings):
    settings.GOVKPI_MAX_UPLOAD_MB = 1
    with pytest.raises(ValidationError, match="1 MB"):
        uploads.vet_upload(SimpleUploadedFile("big.pdf", PDF + b"0" * (1024 * 1024)))


def test_every_file_field_of_the_project_is_under_the_policy():
    fields = {
        f"{model._meta.app_label}.{model.__name__}.{field.name}"
        for model in apps.get_models()
        if model.__module__.startswith("govkpi.")
        for field in model._meta.get_fields()
        if isinstance(field, models.FileField)
    }
    assert fields == uploads.FILE_FIELDS, "a new FileField: check it with vet_upload and serve it with attachment"


# --- every upload point ---------------------------------------------------------------------------------------------

HOSTILE = [(name, content) for name, content, _problem in REFUSED if content]
SMALL = [
    ("report.html", PDF, "report.pdf", "application/pdf"),
    ("notes.txt", THAI_TEXT, "notes.txt", "text/plain; charset=utf-8"),
]


@pytest.fixture
def evidence_root(settings, tmp_path):
    settings.EVIDENCE_ROOT = tmp_path / "evidence"
    return settings.EVIDENCE_ROOT


@pytest.fixture
def world(evidence_root):
    return build_world()


def upload_result_evidence(client, world, name, content):
    client.login(username="rep5401", password=PASSWORD)
    key = world.mean.pk
    data = {"action": "save", f"value-{key}": "70", f"file-{key}": SimpleUploadedFile(name, content)}
    return client.post(reverse("results:entry", args=["5401", "2565-Q1"]), data)


@pytest.fixture
def province(evidence_root):
    unit = OrgUnit.objects.create(code="54", name_th="จังหวัดแพร่", kind="province")
    rebuild_paths()
    return unit


@pytest.fixture
def checklist_people(province):
    sao = OrgUnit.objects.create(code="54-SAO-A", name_th="อบต.ก", kind="sao", parent=province)
    rebuild_paths()
    reporter = get_user_model().objects.create_user("reporter", password="x")
    Membership.objects.create(user=reporter, org=sao, role="reporter")
    return {"reporter": reporter, "sao": sao}


def upload_checklist_evidence(client, people, name, content):
    client.force_login(people["reporter"])
    url = reverse("assessments:checklist_save", args=["ita", 2565, "54-SAO-A", "O2"])
    return client.post(url, {"O2-evidence_file": SimpleUploadedFile(name, content), "O2-self_checked": "on"})


@pytest.fixture
def officer(province):
    user = get_user_model().objects.create_user("officer", password="x")
    Membership.objects.create(user=user, org=province, role="admin")
    return user


AWARD = {"fiscal_year": 2565, "category": "ita", "title_th": "ITA ระดับ AA", "issuer": "ป.ป.ช.", "recipient": "54",
         "quantity": 1}


def upload_certificate(client, officer, name, content):
    client.force_login(officer)
    return client.post(reverse("awards:create"), {**AWARD, "certificate": SimpleUploadedFile(name, content)})


@pytest.mark.parametrize(("name", "content"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_result_evidence_refuses_hostile_files(client, world, name, content):
    assert upload_result_evidence(client, world, name, content).status_code == 400
    assert not Evidence.objects.exists()


@pytest.mark.parametrize(("name", "content"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_checklist_evidence_refuses_hostile_files(client, checklist_people, name, content):
    upload_checklist_evidence(client, checklist_people, name, content)
    assert not ChecklistEntry.objects.exclude(evidence_file="").exists()


@pytest.mark.parametrize(("name", "content"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_award_certificates_refuse_hostile_files(client, officer, name, content):
    assert upload_certificate(client, officer, name, content).status_code == 200  # the form again, with the error
    assert not Award.objects.exists()


def test_the_actions_refuse_hostile_files_whoever_calls_them(checklist_people, officer):
    from govkpi.assessments.actions import save_checklist_entry
    from govkpi.awards.actions import save_award

    with pytest.raises(ValidationError):
        save_checklist_entry(framework="ita", fiscal_year=2565, org=checklist_people["sao"], item="O2",
                             evidence_file=SimpleUploadedFile("x.svg", SVG), self_checked=True, acting_user=None,
                             channel="cli")
    with pytest.raises(ValidationError):
        save_award(None, fiscal_year=2565, category="ita", title_th="x", issuer="y",
                   recipient=OrgUnit.objects.get(code="54"), certificate=SimpleUploadedFile("c.html", HTML),
                   acting_user=None, channel="cli")
    assert not ChecklistEntry.objects.exists() and not Award.objects.exists()


def assert_served(response, filename, content_type, content):
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    assert response["Content-Type"] == content_type
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == content


@pytest.mark.parametrize(("name", "content", "stored", "served_type"), SMALL, ids=[s[0] for s in SMALL])
def test_result_evidence_is_stored_and_served_by_its_content(client, world, name, content, stored, served_type):
    assert upload_result_evidence(client, world, name, content).status_code == 302
    evidence = Evidence.objects.get()
    assert evidence.name == stored and evidence.content_type == served_type.split(";")[0]
    assert_served(client.get(reverse("results:evidence", args=[evidence.pk])), stored, served_type, content)


@pytest.mark.parametrize(("name", "content", "stored", "served_type"), SMALL, ids=[s[0] for s in SMALL])
def test_checklist_evidence_is_stored_and_served_by_its_content(client, checklist_people, name, content, stored,
                                                                 served_type):
    upload_checklist_evidence(client, checklist_people, name, content)
    assert ChecklistEntry.objects.get().evidence_name == stored
    url = reverse("assessments:checklist_evidence", args=["ita", 2565, "54-SAO-A", "O2"])
    assert_served(client.get(url), stored, served_type, content)


@pytest.mark.parametrize(("name", "content", "stored", "served_type"), SMALL, ids=[s[0] for s in SMALL])
def test_certificates_are_stored_and_served_by_their_content(client, officer, name, content, stored, served_type):
    assert upload_certificate(client, officer, name, content).status_code == 302
    award = Award.objects.get()
    assert award.certificate_name == stored
    assert_served(client.get(reverse("awards:certificate", args=[award.pk])), stored, served_type, content)


# --- files stored before this policy ---------------------------------------------------------------------------------


def test_old_evidence_that_the_policy_refuses_is_served_as_inert_bytes(client, world):
    upload_result_evidence(client, world, "report.pdf", PDF)
    old = Evidence.objects.get()
    old.file.save("page.html", ContentFile(HTML), save=False)  # as an older policy let it in
    Evidence.objects.filter(pk=old.pk).update(file=old.file.name, name="page.html", content_type="text/html")
    assert_served(client.get(reverse("results:evidence", args=[old.pk])), "page.bin", "application/octet-stream",
                  HTML)


def test_old_checklist_and_certificate_files_are_served_safely(client, checklist_people, officer):
    entry = ChecklistEntry(framework="ita", fiscal_year=2565, org=checklist_people["sao"], item="O3",
                           evidence_name="logo.svg")
    entry.evidence_file.save("logo.svg", ContentFile(SVG), save=True)
    client.force_login(checklist_people["reporter"])
    url = reverse("assessments:checklist_evidence", args=["ita", 2565, "54-SAO-A", "O3"])
    assert_served(client.get(url), "logo.bin", "application/octet-stream", SVG)

    award = Award(fiscal_year=2565, category="ita", title_th="t", issuer="i", recipient=OrgUnit.objects.get(code="54"),
                  certificate_name="cert.html")
    award.certificate.save("cert.html", ContentFile(PDF), save=True)  # a PDF under an old, wrong name
    client.force_login(officer)
    assert_served(client.get(reverse("awards:certificate", args=[award.pk])), "cert.pdf", "application/pdf", PDF)


# --- the admin ------------------------------------------------------------------------------------------------------


@pytest.fixture
def superuser(client, officer):
    user = get_user_model().objects.create_superuser("root", "root@example.org", "x")
    client.force_login(user)
    return user


def admin_award(client, name, content):
    data = {**AWARD, "recipient": OrgUnit.objects.get(code="54").pk, "extra": "{}", "title_en": "", "level": "",
            "note": "", "certificate_name": "whatever.html", "certificate": SimpleUploadedFile(name, content)}
    return client.post(reverse("admin:awards_award_add"), data)


@pytest.mark.parametrize(("name", "content"), [("x.html", HTML), ("x.svg", SVG), ("gif.svg", b"GIF89a<svg/>"),
                                               ("x.exe", EXE)])
def test_the_admin_refuses_hostile_certificates(client, superuser, name, content):
    response = admin_award(client, name, content)
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    assert not Award.objects.exists()


def test_the_admin_stores_certificates_under_the_name_of_their_content(client, superuser):
    assert admin_award(client, "scan.html", PDF).status_code == 302
    award = Award.objects.get()
    assert award.certificate_name == "scan.pdf"
    assert_served(client.get(reverse("awards:certificate", args=[award.pk])), "scan.pdf", "application/pdf", PDF)


def test_the_admin_refuses_hostile_checklist_evidence(client, superuser, checklist_people):
    data = {"framework": "ita", "fiscal_year": 2565, "org": checklist_people["sao"].pk, "item": "O1",
            "evidence_url": "", "evidence_name": "", "note": "", "self_checked": "on",
            "evidence_file": SimpleUploadedFile("x.svg", SVG)}
    response = client.post(reverse("admin:assessments_checklistentry_add"), data)
    assert response.status_code == 200 and not ChecklistEntry.objects.exists()
    data["evidence_file"] = SimpleUploadedFile("x.svg", THAI_TEXT)
    assert client.post(reverse("admin:assessments_checklistentry_add"), data).status_code == 302
    assert ChecklistEntry.objects.get().evidence_name == "x.txt"
