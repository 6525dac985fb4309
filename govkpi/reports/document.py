"""A document as blocks of text and linked numbers, written once and rendered as HTML, Markdown, DOCX or PDF.

A sentence is a translated template whose ``%(name)s`` placeholders are filled with text or with :class:`Num` —
a number as shown plus the records behind it — so every renderer can keep the link (HTML, Markdown) or the plain
figure (DOCX).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from govkpi.core.thai import format_date, format_number, to_thai_digits

from .facts import Figure

PLACEHOLDER = re.compile(r"%\((\w+)\)s")


@dataclass(frozen=True)
class Num:
    """A number as shown, and the open-data query of its records (``awards?fiscal_year=2565``)."""

    text: str
    records: str = ""


Part = str | Num


@dataclass
class Block:
    kind: str  # title, subtitle, heading, para, item, subitem, note, table, chart, pagebreak
    parts: list[Part] = field(default_factory=list)
    anchor: str = ""
    rows: list[list[Part]] = field(default_factory=list)  # for tables: the first row is the header
    svg: str = ""  # for charts
    extra: dict[str, Any] = field(default_factory=dict)  # caption, numeric columns, cover lines, toc entries


@dataclass
class Document:
    title: str
    header: str  # the running header of printed pages
    lang: str
    digits: str
    blocks: list[Block] = field(default_factory=list)
    toc: bool = False
    words: frozenset[str] = frozenset()  # names and words that printed lines never split (thaibreak.py)

    def add(self, kind: str, *parts: Part, anchor: str = "") -> Block:
        block = Block(kind, list(parts), anchor)
        self.blocks.append(block)
        return block

    def sentence(self, kind: str, template: str, **values: Part) -> Block:
        return self.add(kind, *compose(template, **values))

    def text(self) -> str:
        """The document's words, one block a line (what a reader of the PDF should be able to search)."""
        lines = []
        for block in self.blocks:
            if block.kind == "table":
                lines += [" ".join(plain(cell) for cell in row) for row in block.rows]
            elif block.parts:
                lines.append(plain(block.parts))
        return "\n".join(lines)


def compose(template: str, **values: Part) -> list[Part]:
    """``compose("รวม %(n)s รางวัล", n=Num("๗๒"))`` → ``["รวม ", Num("๗๒"), " รางวัล"]``."""
    parts: list[Part] = []
    at = 0
    for match in PLACEHOLDER.finditer(template):
        if match.start() > at:
            parts.append(template[at : match.start()])
        value = values[match.group(1)]
        parts.append(value if isinstance(value, Num) else str(value))
        at = match.end()
    if at < len(template):
        parts.append(template[at:])
    return parts


def plain(parts: Part | list[Part]) -> str:
    items = parts if isinstance(parts, list) else [parts]
    return "".join(part.text if isinstance(part, Num) else part for part in items)


class Writer:
    """Numbers, years and dates in the document's digits and language."""

    def __init__(self, lang: str, digits: str) -> None:
        self.lang = lang
        self.digits = digits

    def d(self, text: object) -> str:
        return to_thai_digits(str(text)) if self.digits == "thai" else str(text)

    def count(self, figure: Figure) -> Num:
        return Num(format_number(figure.value, 0, digits=self.digits), figure.records)

    def score(self, figure: Figure | float | None, decimals: int = 2) -> Num:
        if figure is None:
            return Num("–")
        if isinstance(figure, Figure):
            return Num(format_number(figure.value, decimals, digits=self.digits), figure.records)
        return Num(format_number(float(figure), decimals, digits=self.digits))

    def number(self, value: float, decimals: int = 0, records: str = "") -> Num:
        return Num(format_number(value, decimals, digits=self.digits), records)

    def date(self, value: date, style: str = "long") -> str:
        return format_date(value, self.lang, digits=self.digits, style=style)
