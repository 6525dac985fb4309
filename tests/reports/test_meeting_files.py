"""The meeting pack as files — a PDF whose text layer reads back in Thai with each goal on its own page, a DOCX that
Word opens, standalone HTML — and published by the command (or the officers' page) to the public list /reports/."""

from __future__ import annotations

import datetime as dt
import io
import shutil

import pytest
from django.contrib.auth.models import Permission, User
from django.core.management import call_command

from govkpi.plans.models import Goal
from govkpi.reports import meetingfacts
from govkpi.reports.generate import build, render
from govkpi.reports.models import GeneratedDocument
from govkpi.reports.pdf import page_texts

from .conftest import squash

pytestmark = pytest.mark.django_db
needs_pdf = pytest.mark.skipif(
    not shutil.which("pdftotext") or not shutil.which("/usr/bin/chromium"), reason="needs poppler-utils and chromium"
)


@pytest.fixture(scope="module")
def pack(demo, django_db_blocker):
    with django_db_blocker.unblock():
        doc = build("meeting", 2565, period="2565-M06")
        goals = list(Goal.objects.order_by("code").values_list("code", "title_th"))
    return {"doc": doc, "goals": goals}


@needs_pdf
def test_the_pdf_reads_back_in_thai_with_one_page_per_goal(pack):
    pages = page_texts(render(pack["doc"], "pdf"))
    header = squash(pack["doc"].header)
    assert squash("เอกสารประกอบการประชุมคณะกรมการจังหวัด ประจำเดือนมีนาคม ๒๕๖๕") in pages[0]
    assert "ข้อมูลณวันที่" in pages[0]
    for code, title in pack["goals"]:
        opening = [i for i, page in enumerate(pages) if page.startswith(header + squash(f"{code} {title}"))]
        assert len(opening) == 1, code
        assert squash("ตัวชี้วัดที่มีความเสี่ยงหรือไม่บรรลุเป้าหมาย") in "".join(pages[opening[0]:opening[0] + 3])
    text = "".join(pages)
    assert squash("หน่วยงานที่รายงานล่าช้า") in text and squash("สำนักงานพาณิชย์จังหวัดแพร่") in text
    assert "หน้า๒" in pages[1] and "หน้า" not in pages[0]


def test_the_docx_opens_in_word(pack):
    from docx import Document

    word = Document(io.BytesIO(render(pack["doc"], "docx")))
    paragraphs = [p.text for p in word.paragraphs]
    assert paragraphs[0] == "จังหวัดแพร่: เอกสารประกอบการประชุมคณะกรมการจังหวัด ประจำเดือนมีนาคม ๒๕๖๕"
    assert paragraphs[2].startswith("ข้อมูล ณ วันที่ ")  # the data's time, on the cover of every format
    assert all(f"{code} {title}" in paragraphs for code, title in pack["goals"])
    assert len(word.tables) >= 2 + len(pack["goals"])  # goals, trend, one per goal (and who is late)
    assert word.sections[0].header.paragraphs[0].text == pack["doc"].header


def test_the_markdown_keeps_the_cover_lines(pack):
    text = render(pack["doc"], "md").decode()
    assert text.startswith("# จังหวัดแพร่: เอกสารประกอบการประชุมคณะกรมการจังหวัด ประจำเดือนมีนาคม ๒๕๖๕\n\n"
                           "ปีงบประมาณ พ.ศ. ๒๕๖๕: ผลการดำเนินงานของรอบที่สิ้นสุดภายในวันที่ ๓๑ มีนาคม ๒๕๖๕\n\nข้อมูล ณ วันที่ ")
    assert "\n### ตัวชี้วัดที่มีความเสี่ยงหรือไม่บรรลุเป้าหมาย\n" in text and "\n\n## G02 " in text


def test_the_html_is_a_standalone_thai_page_with_a_trend_chart_per_goal(pack):
    html = render(pack["doc"], "html", "https://phrae.example").decode()
    assert html.startswith("<!DOCTYPE html>") and '<html lang="th">' in html
    assert html.count('class="pagebreak"') >= len(pack["goals"]) + 2
    assert html.count("<svg") == len(pack["goals"])
    assert 'href="https://phrae.example/open-data/budget/?fiscal_year=2565"' in html
    assert "<script" not in html


def test_publishing_lists_each_month_on_the_public_page(demo, client, tmp_path):
    out = io.StringIO()
    call_command("report", "meeting", "--period", "2565-M06", "--format", "html", "--publish", stdout=out)
    call_command("report", "meeting", "--period", "2565-M05", "--format", "html", "--publish", stdout=io.StringIO())
    march = GeneratedDocument.objects.get(period="2565-M06")
    assert out.getvalue() == f"published meeting-2565-M06-th.html (document {march.pk}) at /reports/\n"
    html = client.get("/reports/").content.decode()
    assert f'/reports/{march.pk}/meeting-2565-M06-th.html"' in html and "meeting-2565-M05-th.html" in html
    assert "ประจำเดือนมีนาคม ๒๕๖๕" in html and "ประจำเดือนกุมภาพันธ์ ๒๕๖๕" in html
    assert client.get(f"/reports/{march.pk}/{march.filename}").status_code == 200
    call_command("report", "meeting", "--period", "2565-M06", "--format", "html", "--publish", stdout=io.StringIO())
    published = GeneratedDocument.objects.filter(published=True).values_list("period", flat=True)
    assert sorted(published) == ["2565-M05", "2565-M06"]  # the newer March replaced the older March only
    march.refresh_from_db()
    assert not march.published


def test_an_officer_generates_the_pack_of_a_month(demo, client):
    officer = User.objects.create_user("officer", password="x")
    officer.user_permissions.add(*Permission.objects.filter(codename__in=["add_generateddocument",
                                                                          "publish_generateddocument"]))
    client.force_login(officer)
    form = {"kind": "meeting", "period": "2565-M06", "format": "md", "lang": "th", "digits": "thai"}
    assert client.post("/reports/generate/", {**form, "period": "2565-Q2"}).status_code == 200
    assert not GeneratedDocument.objects.exists()
    assert client.post("/reports/generate/", form).status_code == 302
    document = GeneratedDocument.objects.get()
    assert (document.kind, document.fiscal_year, document.period) == ("meeting", 2565, "2565-M06")
    assert "## G01 ลดปัญหาไฟป่าและหมอกควัน (PM2.5)" in bytes(document.content).decode()


def test_latest_is_the_month_ended_before_today(demo, monkeypatch, tmp_path):
    monkeypatch.setattr(meetingfacts, "local_today", lambda: dt.date(2022, 4, 5))
    out = io.StringIO()
    call_command("report", "meeting", "--period", "latest", "--format", "md", "--out", str(tmp_path / "m.md"),
                 stdout=out)
    assert out.getvalue().startswith("meeting 2565-M06 (md, ")
    assert "ประจำเดือนมีนาคม ๒๕๖๕" in (tmp_path / "m.md").read_text()
