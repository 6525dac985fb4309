"""The press release as files: a PDF whose text layer gives back the records' Thai sentences and whose pages are not
blank, a DOCX that Word can edit, and HTML in which every number links to its records."""

import io
import shutil
import subprocess

import pytest
from django.db.models import Sum

from govkpi.awards.models import Award
from govkpi.core.thai import to_thai_digits
from govkpi.reports.generate import build, render

from .conftest import squash

pytestmark = pytest.mark.django_db
needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils")


@pytest.fixture(scope="module")
def files(demo, django_db_blocker, tmp_path_factory):
    with django_db_blocker.unblock():
        doc = build("press-release", 2565)
        out = {fmt: render(doc, fmt, "https://phrae.example") for fmt in ("pdf", "docx", "html", "md")}
        categories = list(
            Award.objects.filter(fiscal_year=2565).values("category", "issuer").annotate(n=Sum("quantity"))
        )
    folder = tmp_path_factory.mktemp("press")
    (folder / "release.pdf").write_bytes(out["pdf"])
    return {"doc": doc, "folder": folder, "categories": categories, **out}


def pdf_text(files) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(files["folder"] / "release.pdf"), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")


@needs_poppler
def test_the_pdf_text_layer_gives_back_every_sentence_of_the_release(files):
    text = squash(pdf_text(files))
    for line in files["doc"].text().splitlines():
        assert squash(line) in text, line


@needs_poppler
def test_the_pdf_states_72_awards_each_category_99_15_and_rank_2_in_thai_digits(files):
    text = squash(pdf_text(files))
    assert squash("รวม ๗๒ รางวัล") in text
    for row in files["categories"]:
        assert squash(f"จำนวน {to_thai_digits(str(row['n']))} รางวัล จาก {row['issuer']}") in text
    assert squash("อันดับ ๒ ของประเทศ (ราชการส่วนภูมิภาค) ที่ ๙๙.๑๕ คะแนน") in text
    assert "72" not in text and "99.15" not in text


@needs_poppler
def test_the_pdf_is_a4_in_sarabun_with_a_thai_page_number(files):
    folder = files["folder"]
    info = subprocess.run(["pdfinfo", str(folder / "release.pdf")], capture_output=True, check=True).stdout.decode()
    assert "(A4)" in info
    fonts = subprocess.run(["pdffonts", str(folder / "release.pdf")], capture_output=True, check=True).stdout.decode()
    assert "Sarabun" in fonts
    assert "หน้า๑" in squash(pdf_text(files))


@needs_poppler
def test_every_pdf_page_has_ink(files):
    folder = files["folder"]
    subprocess.run(["pdftoppm", "-r", "30", "-gray", str(folder / "release.pdf"), str(folder / "page")], check=True)
    pages = sorted(folder.glob("page*.pgm"))
    assert pages
    for page in pages:
        pixels = page.read_bytes().split(b"\n", 3)[3]
        dark = sum(1 for value in pixels if value < 128)
        assert dark > 200, f"{page.name} looks blank"


def test_the_docx_holds_the_same_sentences_in_sarabun(files):
    from docx import Document

    word = Document(io.BytesIO(files["docx"]))
    paragraphs = [p.text for p in word.paragraphs]
    for line in files["doc"].text().splitlines():
        assert line in paragraphs
    assert word.styles["Normal"].font.name == "Sarabun"


def test_in_html_each_number_links_to_the_records_behind_it(files):
    html = files["html"].decode("utf-8")
    assert '<a href="https://phrae.example/open-data/awards/?fiscal_year=2565">๗๒</a>' in html
    for row in files["categories"]:
        count = to_thai_digits(str(row["n"]))
        assert f'/open-data/awards/?fiscal_year=2565&amp;category={row["category"]}">{count}</a>' in html
    assert 'framework=ita&amp;org=54">๙๙.๑๕</a>' in html
    assert '<html lang="th">' in html


def test_markdown_is_plain_text_with_links(files):
    markdown = files["md"].decode("utf-8")
    assert markdown.startswith("# การแถลงผลความสำเร็จ")
    assert "[๗๒](https://phrae.example/open-data/awards/?fiscal_year=2565)" in markdown
