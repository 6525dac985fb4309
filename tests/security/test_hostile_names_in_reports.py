"""Hostile names in the generated reports (press release, annual report): escaped in HTML, never markup in Markdown,
the same text in Word documents."""

from __future__ import annotations

import io
import zipfile

import pytest

from govkpi.reports import generate

from .conftest import RAW, SCRIPT

pytestmark = pytest.mark.django_db


def built(kind):
    """Each kind of report of 2565 (the committee's pack: of the year's last month)."""
    return generate.build(kind, 2565, period="2565-M12" if kind == "meeting" else "")


@pytest.mark.parametrize("kind", generate.KINDS)
def test_report_html_shows_hostile_names_as_text(hostile, kind):
    html = generate.render(built(kind), "html").decode()
    for raw in RAW:
        assert raw not in html
    assert "&lt;script&gt;" in html, "the hostile province name is in the report, escaped"


@pytest.mark.parametrize("kind", generate.KINDS)
def test_report_markdown_carries_no_markup(hostile, kind):
    markdown = generate.render(built(kind), "md").decode()
    for raw in RAW:
        assert raw not in markdown


@pytest.mark.parametrize("kind", generate.KINDS)
def test_report_docx_keeps_the_names_as_text(hostile, kind):
    document = generate.render(built(kind), "docx")
    with zipfile.ZipFile(io.BytesIO(document)) as package:
        body = package.read("word/document.xml").decode()
    assert "<script>" not in body
    assert SCRIPT.replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;") in body or "&lt;script&gt;" in body
