"""The annual success report: cover, contents with Thai page numbers that point at the right pages, a section per
goal with its chart and table, districts, assessments, awards and method — and a text layer that reads back."""

import subprocess

import pytest

from govkpi.reports.generate import build, render
from govkpi.reports.pdf import page_texts

from .conftest import squash

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def annual(demo, django_db_blocker, tmp_path_factory):
    with django_db_blocker.unblock():
        doc = build("annual", 2565)
        pdf = render(doc, "pdf")
    folder = tmp_path_factory.mktemp("annual")
    (folder / "annual.pdf").write_bytes(pdf)
    return {"doc": doc, "pdf": pdf, "folder": folder, "pages": page_texts(pdf)}


def toc_entries(doc):
    return next(block for block in doc.blocks if block.kind == "toc").extra["entries"]


def test_the_contents_list_every_section_with_the_page_it_opens_on(annual):
    entries = toc_entries(annual["doc"])
    titles = [entry["title"] for entry in entries]
    assert titles[0] == "บทสรุปผู้บริหาร" and len(titles) == 1 + 12 + 5  # summary, goals, budget, districts, …
    pages = annual["pages"]
    thai = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
    for entry in entries:
        number = int(entry["page"].translate(thai))
        assert squash(entry["title"]) in pages[number - 1]


def test_pages_carry_the_running_header_and_a_page_number_in_thai_digits(annual):
    header = squash(annual["doc"].header)
    pages = [page for page in annual["pages"] if page]
    assert len(pages) >= 15
    assert all(page.startswith(header) for page in pages[1:])
    assert "หน้า๓" in pages[2]


def test_the_cover_page_has_neither_header_nor_number(annual):
    assert "หน้า" not in annual["pages"][0]


def test_goal_charts_keep_their_thai_labels_in_the_text_layer(annual):
    text = "".join(annual["pages"])
    assert squash("G01-1 จำนวนจุดความร้อน") in text
    assert squash("รางวัลตามที่บันทึกไว้ รวม ๗๒ รางวัล") in text


def test_every_page_has_ink(annual):
    folder = annual["folder"]
    subprocess.run(["pdftoppm", "-r", "40", "-gray", str(folder / "annual.pdf"), str(folder / "p")], check=True)
    for page in sorted(folder.glob("p*.pgm")):
        pixels = page.read_bytes().split(b"\n", 3)[3]
        assert sum(1 for value in pixels if value < 200) > 50, page.name
