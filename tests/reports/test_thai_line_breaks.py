"""Printed Thai breaks lines between words only: no line of the press release or the annual report ends inside a
word or a name (organisations, places, people, goal words, the shipped list), and the text layer stays clean."""

import re
import shutil
import subprocess

import pytest

from govkpi.orgs.models import OrgUnit
from govkpi.plans.models import Goal
from govkpi.reports.document import plain
from govkpi.reports.generate import build, render
from govkpi.reports.thaibreak import HAS_THAI, NAME_MAX, segment, shipped_words, thai_breaks

from .conftest import squash

pytestmark = pytest.mark.django_db
needs_pdf = pytest.mark.skipif(
    not shutil.which("pdftotext") or not shutil.which("/usr/bin/chromium"), reason="needs poppler-utils and chromium"
)
COLUMNS = re.compile(r"\s{2,}")


def layout_text(pdf: bytes, folder) -> str:
    path = folder / "doc.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True, timeout=120
    ).stdout.decode("utf-8")


def split_words(text: str, words: set[str]) -> list[tuple[str, str, str]]:
    """(word, end of a line, start of the next) wherever a line break falls inside one of ``words``. With
    ``-layout`` a line holds table columns side by side, so every column's end meets every column's start below."""
    found = []
    lines = text.splitlines()
    for above, below in zip(lines, lines[1:], strict=False):
        ends = [chunk.strip()[-NAME_MAX:] for chunk in COLUMNS.split(above) if chunk.strip()]
        starts = [chunk.strip()[:NAME_MAX] for chunk in COLUMNS.split(below) if chunk.strip()]
        for end in ends:
            for start in starts:
                joined, at = end + start, len(end)
                for word in words:
                    for match in re.finditer(re.escape(word), joined):
                        if match.start() < at < match.end():
                            found.append((word, end, start))
    return found


def never_split(doc) -> set[str]:
    words = {"ตัวชี้วัดหลัก", "นครแกรนด์บอลรูม"} | set(shipped_words())
    words |= {name for name in OrgUnit.objects.values_list("name_th", flat=True) if len(name) <= NAME_MAX}
    for title in Goal.objects.values_list("title_th", flat=True):
        words |= {token for token in segment(title, doc.words) if HAS_THAI.search(token) and len(token) > 1}
    return words


@pytest.fixture(scope="module")
def printed(demo, django_db_blocker, tmp_path_factory):
    with django_db_blocker.unblock():
        out = {}
        for kind, layout in (("press-release", "release"), ("press-release", "letter"), ("annual", None)):
            doc = build(kind, 2565, layout=layout)
            folder = tmp_path_factory.mktemp(f"{kind}-{layout}")
            out[(kind, layout)] = {
                "doc": doc,
                "text": layout_text(render(doc, "pdf"), folder),
                "words": never_split(doc),
            }
        return out


def test_the_checker_sees_a_word_split_across_lines():
    words = {"ตัวชี้วัดหลัก", "นครแกรนด์บอลรูม"}
    assert split_words("การขับเคลื่อนภารกิจตัวชี้\nวัดหลัก ๑๒", words) == [("ตัวชี้วัดหลัก", "การขับเคลื่อนภารกิจตัวชี้", "วัดหลัก ๑๒")]
    assert split_words("ณ ห้องนครแก\nรนด์บอลรูม", words)
    assert split_words("ภารกิจ\nตัวชี้วัดหลัก ณ\nห้องนครแกรนด์บอลรูม", words) == []


@needs_pdf
@pytest.mark.parametrize("which", [("press-release", "release"), ("press-release", "letter"), ("annual", None)])
def test_no_printed_line_ends_inside_a_word_or_name(printed, which):
    found = printed[which]
    text = found["text"]
    assert "ตัวชี้วัดหลัก" in squash(text) or which[0] == "annual"
    assert split_words(text, found["words"]) == []


@needs_pdf
def test_the_names_that_chromium_split_are_whole_in_the_release(printed):
    text = printed[("press-release", "release")]["text"]
    lines = [line.strip() for line in text.splitlines()]
    assert any("ตัวชี้วัดหลัก" in line for line in lines)
    assert any("นครแกรนด์บอลรูม" in line for line in lines)


@needs_pdf
@pytest.mark.parametrize("which", [("press-release", "release"), ("annual", None)])
def test_the_text_layer_has_no_break_marks_and_reads_back_every_paragraph(printed, which):
    text = printed[which]["text"]
    assert not re.search("[\u200b\u2060\ufeff\ufffd]", text)
    squashed = squash(text)
    blocks = [block for block in printed[which]["doc"].blocks if block.parts and block.kind != "table"]
    assert len(blocks) > 5
    for block in blocks:  # table rows: -layout sets cells side by side, so a row's words interleave
        assert squash(plain(block.parts)) in squashed, plain(block.parts)


def test_marking_changes_no_character_of_the_text_and_leaves_tags_styles_and_svg_alone():
    html = (
        '<html><head><title>ตัวชี้วัดหลัก</title><style>p::before { content: "ครุฑ"; }</style></head>'
        '<body><p title="ห้องนครแกรนด์บอลรูม">ณ ห้องนครแกรนด์บอลรูม จาก สำนักงาน ป.ป.ช. แพร่. '
        '<a href="/x">๙๙.๑๕</a></p><svg><text>ผลการดำเนินงาน</text></svg></body></html>'
    )
    marked = thai_breaks(html, {"ห้องนครแกรนด์บอลรูม"})
    assert re.sub(r"<[^>]*>", "", marked) == re.sub(r"<[^>]*>", "", html)
    assert '<span class="tw">ห้องนครแกรนด์บอลรูม</span>' in marked
    assert '<span class="tw">ป.ป.ช.</span>' in marked
    assert "<wbr>." not in marked and "<wbr>๙" not in marked
    assert marked.startswith('<html><head><title>ตัวชี้วัดหลัก</title><style>p::before { content: "ครุฑ"; }</style>')
    assert '<p title="ห้องนครแกรนด์บอลรูม">' in marked
    assert "<svg><text>ผลการดำเนินงาน</text></svg>" in marked


def test_the_html_file_marks_words_but_markdown_and_docx_keep_plain_text(demo):
    doc = build("press-release", 2565)
    html = render(doc, "html").decode("utf-8")
    assert '<span class="tw">ห้องนครแกรนด์บอลรูม</span>' in html and ".tw { white-space: nowrap; }" in html
    assert "<span" not in render(doc, "md").decode("utf-8")
    assert "ห้องนครแกรนด์บอลรูม" in doc.words
