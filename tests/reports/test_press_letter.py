"""The press release as an official letter (หนังสือราชการ) where a province asks for it: the Garuda (a placeholder
box, or the province's own emblem file), number, issuing office, date in BE, subject and addressee, in that order."""

import io
import re
import shutil
import subprocess
from datetime import date

import pytest
from django.core.management import call_command
from django.test import override_settings

from govkpi.reports.generate import build, render
from govkpi.reports.press import press_release
from govkpi.reports.thaibreak import project_words

from .conftest import squash

pytestmark = pytest.mark.django_db
needs_pdf = pytest.mark.skipif(
    not shutil.which("pdftotext") or not shutil.which("/usr/bin/chromium"), reason="needs poppler-utils and chromium"
)
FIELDS = [
    "ครุฑ",
    "ที่พร๐๐๑๗/๑๒๓",
    "ศาลากลางจังหวัดแพร่",
    "๒๑กันยายน๒๕๖๕",
    "เรื่องการแถลงผลความสำเร็จการขับเคลื่อนภารกิจตัวชี้วัดหลัก",
    "เรียนสื่อมวลชนทุกแขนง",
    "วันอังคารที่๒๐กันยายน๒๕๖๕",
    "ขอแสดงความนับถือ",
]


def letter():
    doc = press_release(2565, layout="letter", number="พร 0017/123", on=date(2022, 9, 21))
    doc.words = project_words()
    return doc


def in_order(text: str, fields: list[str]) -> list[int]:
    at, found = 0, []
    for field in fields:
        at = text.index(field, at)
        found.append(at)
    return found


@needs_pdf
def test_the_letter_pdf_has_the_official_fields_in_order(demo, tmp_path):
    path = tmp_path / "letter.pdf"
    path.write_bytes(render(letter(), "pdf"))
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True).stdout
    squashed = squash(text.decode("utf-8"))
    assert squashed.startswith("ครุฑ")
    in_order(squashed, [*FIELDS, "ผู้ว่าราชการจังหวัดแพร่"])
    assert "ข่าวประชาสัมพันธ์" not in squashed  # no running header on a letter


def test_markdown_and_docx_carry_the_same_heading(demo):
    doc = letter()
    in_order(squash(render(doc, "md").decode("utf-8")), FIELDS)
    from docx import Document

    word = Document(io.BytesIO(render(doc, "docx")))
    in_order(squash("\n".join(p.text for p in word.paragraphs)), FIELDS)


def test_the_command_takes_layout_letter_and_the_setting_chooses_the_default(demo, tmp_path):
    out = tmp_path / "letter.html"
    call_command(
        "report",
        "press-release",
        "--fiscal-year",
        "2565",
        "--format",
        "html",
        "--layout",
        "letter",
        "--letter-number",
        "พร 0017/9",
        "--letter-to",
        "ผู้อำนวยการสถานีวิทยุ",
        "--out",
        str(out),
        stdout=io.StringIO(),
    )
    html = out.read_text(encoding="utf-8")
    assert 'class="letterhead"' in html and 'class="garuda-box"' in html
    text = squash(re.sub(r"<[^>]*>", "", html))
    assert "ที่พร๐๐๑๗/๙" in text and "เรียนผู้อำนวยการสถานีวิทยุ" in text
    assert 'class="letterhead"' not in render(build("press-release", 2565), "html").decode("utf-8")
    with override_settings(GOVKPI_PRESS_LAYOUT="letter"):
        assert 'class="letterhead"' in render(build("press-release", 2565), "html").decode("utf-8")
    with override_settings(GOVKPI_PRESS_LAYOUT="letter"):
        assert 'class="letterhead"' not in render(build("press-release", 2565, layout="release"), "html").decode()


def test_the_province_emblem_file_replaces_the_placeholder(demo, tmp_path):
    emblem = tmp_path / "emblem.svg"
    emblem.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><circle r="4"/></svg>')
    with override_settings(GOVKPI_LETTER_EMBLEM=str(emblem)):
        html = render(build("press-release", 2565, layout="letter"), "html").decode("utf-8")
    assert '<img src="data:image/svg+xml;base64,' in html and 'alt="ครุฑ"' in html
    assert "garuda-box" not in html.split("<main>")[1]


def test_an_unknown_layout_is_refused(demo):
    with pytest.raises(ValueError, match="layout"):
        build("press-release", 2565, layout="poster")


def test_an_officer_chooses_the_letter_on_the_generate_page(demo, client):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    from govkpi.reports.models import GeneratedDocument

    officer = get_user_model().objects.create_user("press-officer", password="x")
    officer.user_permissions.set(Permission.objects.filter(codename="add_generateddocument"))
    client.force_login(officer)
    assert "หนังสือราชการ" in client.get("/reports/generate/").content.decode("utf-8")
    form = {"kind": "press-release", "fiscal_year": "2565", "format": "html", "lang": "th", "digits": "thai"}
    assert client.post("/reports/generate/", form | {"layout": "letter"}).status_code == 302
    assert b'class="letterhead"' in bytes(GeneratedDocument.objects.get().content)
