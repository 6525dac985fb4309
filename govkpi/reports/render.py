"""Rendering a :class:`~.document.Document`: standalone HTML (also the input of the PDF), Markdown and DOCX.

In HTML and Markdown each number links to the open-data records behind it (``{site}/open-data/awards/?…``).
"""

from __future__ import annotations

import base64
import io
from functools import cache
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import override

from .document import Block, Document, Num, Part, plain
from .thaibreak import thai_breaks

FONTS = Path(__file__).resolve().parent.parent / "dashboards" / "static" / "dashboards" / "fonts"
FONT_FILES = {400: "Sarabun-Regular.ttf", 600: "Sarabun-SemiBold.ttf", 700: "Sarabun-Bold.ttf"}
NUMERIC = "n"


def records_url(records: str, site_url: str = "") -> str:
    table, _sep, query = records.partition("?")
    return f"{site_url.rstrip('/')}/open-data/{table}/" + (f"?{query}" if query else "")


def _html_parts(parts: list[Part], site_url: str) -> SafeString:
    out = []
    for part in parts:
        if isinstance(part, Num) and part.records:
            out.append(format_html('<a href="{}">{}</a>', records_url(part.records, site_url), part.text))
        else:
            out.append(escape(plain(part)))
    return mark_safe("".join(out))


@cache
def _font_data(weight: int) -> str:
    data = base64.b64encode((FONTS / FONT_FILES[weight]).read_bytes()).decode("ascii")
    return f"data:font/ttf;base64,{data}"


def _css_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def _block_context(block: Block, site_url: str) -> dict[str, Any]:
    context: dict[str, Any] = {"kind": block.kind, "anchor": block.anchor, "html": _html_parts(block.parts, site_url)}
    extra = getattr(block, "extra", None) or {}
    if block.kind == "table":
        numeric = extra.get("numeric", ())

        def cell(value: Part | list[Part], index: int) -> dict[str, Any]:
            parts = value if isinstance(value, list) else [value]
            return {"html": _html_parts(parts, site_url), "numeric": index in numeric}

        context["header"] = [cell(value, i) for i, value in enumerate(block.rows[0])] if block.rows else []
        context["body"] = [[cell(value, i) for i, value in enumerate(row)] for row in block.rows[1:]]
        context["caption"] = extra.get("caption", "")
    elif block.kind == "chart":
        context["svg"] = mark_safe(block.svg)
    elif block.kind == "cover":
        context["lines"] = extra.get("lines", [])
    elif block.kind == "toc":
        context["entries"] = extra.get("entries", [])
    elif block.kind == "letterhead":
        context.update(extra)
    elif block.kind == "closing":
        context["lines"] = extra.get("lines", [])
    context["pagebreak"] = extra.get("pagebreak", False)
    return context


def to_html(doc: Document, site_url: str = "", embed_fonts: bool = True) -> str:
    """A standalone HTML page; fonts embedded (so Chromium prints Sarabun without a server) unless told not to.
    Thai lines break only between words (:func:`~.thaibreak.thai_breaks`, for the page and the PDF alike)."""
    with override(doc.lang):
        fonts = [
            {"weight": weight, "url": _font_data(weight) if embed_fonts else f"/static/dashboards/fonts/{name}"}
            for weight, name in FONT_FILES.items()
        ]
        context = {
            "doc": doc,
            "blocks": [_block_context(block, site_url) for block in doc.blocks],
            "fonts": fonts,
            "header_css": _css_string(doc.header),
            "page_label_css": _css_string(_("page") + " "),
        }
        return thai_breaks(render_to_string("reports/document.html", context), doc.words)


def _md_text(text: str) -> str:
    """Text as Markdown shows it and nothing more: no emphasis, and no raw HTML a renderer would pass through."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("*", "\\*")


def to_markdown(doc: Document, site_url: str = "") -> str:
    def md(parts: list[Part]) -> str:
        out = []
        for part in parts:
            if isinstance(part, Num) and part.records:
                out.append(f"[{part.text}]({records_url(part.records, site_url)})")
            else:
                out.append(_md_text(plain(part)))
        return "".join(out)

    lines: list[str] = []
    for block in doc.blocks:
        kind = block.kind
        if kind in ("title", "cover"):
            lines += [f"# {md(block.parts)}", ""]
            for line in block.extra.get("lines", []) if kind == "cover" else []:
                lines += [_md_text(line), ""]
        elif kind in ("heading", "subheading"):
            if lines and lines[-1]:
                lines.append("")
            lines += [f"{'##' if kind == 'heading' else '###'} {md(block.parts)}", ""]
        elif kind == "letterhead":
            lines += [_md_text(line) + "  " for line in letter_lines(block)[:-1]]
            lines += [_md_text(letter_lines(block)[-1]), ""]
        elif kind == "closing":
            lines += [md(block.parts), "", *(_md_text(line) for line in block.extra.get("lines", [])), ""]
        elif kind == "item":
            lines.append(f"- {md(block.parts)}")
        elif kind == "subitem":
            lines.append(f"    - {md(block.parts)}")
        elif kind == "table" and block.rows:
            lines.append("| " + " | ".join(md(c if isinstance(c, list) else [c]) for c in block.rows[0]) + " |")
            lines.append("|" + "---|" * len(block.rows[0]))
            for row in block.rows[1:]:
                lines.append("| " + " | ".join(md(c if isinstance(c, list) else [c]) for c in row) + " |")
            lines.append("")
        elif kind in ("para", "note"):
            if lines and lines[-1].startswith(("-", "    -")):
                lines.append("")
            lines += [md(block.parts), ""]
    return "\n".join(lines).rstrip() + "\n"


def letter_lines(block: Block) -> list[str]:
    """The heading of an official letter as lines of text (Markdown, DOCX): the emblem is the province's to add."""
    head = block.extra
    return [
        f"[{head['emblem_label']}]",
        f"{head['number_label']} {head['number'] or '…'}",
        head["office"],
        head["date"],
        f"{head['subject_label']} {head['subject']}",
        f"{head['to_label']} {head['to']}",
    ]


def to_docx(doc: Document) -> bytes:
    """A Word document the press office can edit: Sarabun (complex-script font set, so Thai uses it), A4."""
    from docx import Document as Word
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    word = Word()
    section = word.sections[0]
    section.page_height, section.page_width = Mm(297), Mm(210)
    section.left_margin, section.right_margin = Mm(25), Mm(20)
    section.header.paragraphs[0].text = doc.header
    style = word.styles["Normal"]
    style.font.name = "Sarabun"
    style.font.size = Pt(16)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), "Sarabun")
    size_cs = style.element.get_or_add_rPr().makeelement(qn("w:szCs"), {qn("w:val"): "32"})
    style.element.get_or_add_rPr().append(size_cs)
    lang = style.element.get_or_add_rPr().makeelement(qn("w:lang"), {qn("w:bidi"): "th-TH"})
    style.element.get_or_add_rPr().append(lang)
    for block in doc.blocks:
        text = plain(block.parts)
        if block.kind in ("title", "cover"):
            paragraph = word.add_paragraph()
            run = paragraph.add_run(text)
            run.bold = True
            run.font.size = Pt(20)
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            for line in block.extra.get("lines", []) if block.kind == "cover" else []:
                word.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif block.kind in ("heading", "subheading"):
            if block.kind == "heading" and block.extra.get("pagebreak") and len(word.paragraphs) > 1:
                word.add_page_break()
            paragraph = word.add_paragraph()
            paragraph.add_run(text).bold = True
        elif block.kind == "letterhead":
            emblem, number, office, day, *rest = letter_lines(block)
            word.add_paragraph(emblem).alignment = WD_ALIGN_PARAGRAPH.CENTER
            word.add_paragraph(number)
            word.add_paragraph(office).alignment = WD_ALIGN_PARAGRAPH.RIGHT
            word.add_paragraph(day).alignment = WD_ALIGN_PARAGRAPH.CENTER
            for line in rest:
                word.add_paragraph(line)
        elif block.kind == "closing":
            for line in [text, "", *block.extra.get("lines", [])]:
                word.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif block.kind == "table" and block.rows:
            table = word.add_table(rows=0, cols=len(block.rows[0]))
            table.style = "Table Grid"
            for row in block.rows:
                cells = table.add_row().cells
                for cell, value in zip(cells, row, strict=True):
                    cell.text = plain(value if isinstance(value, list) else [value])
        elif block.kind in ("item", "subitem"):
            paragraph = word.add_paragraph(text)
            paragraph.paragraph_format.left_indent = Mm(8 if block.kind == "item" else 16)
        elif text:
            paragraph = word.add_paragraph(text)
            if block.kind == "note":
                for run in paragraph.runs:
                    run.font.size = Pt(14)
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()
