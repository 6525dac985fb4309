"""Thai line breaking for printed documents: lines break between words, never inside a word or a name.

Chromium breaks Thai text with its own dictionary, which does not know many names and loanwords ("นครแก|รนด์บอลรูม",
"ตัวชี้|วัดหลัก"). Here PyThaiNLP segments each run of Thai letters with its dictionary plus the project's words
(every organisation, peer group, place, person and award issuer from the database, the short words of goal,
indicator and award titles, and ``words.txt``); each word becomes ``<span class="tw">`` (``white-space: nowrap``)
and ``<wbr>`` marks the break between two words. Neither adds a character, so the PDF's text layer, search and copy
see the text unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache, lru_cache
from pathlib import Path

WORDS_FILE = Path(__file__).resolve().parent / "words.txt"
THAI_LETTER = "\u0e01-\u0e4f\u0e5a\u0e5b"  # Thai letters, vowels, tone marks, ฯ ๆ; not the digits ๐–๙
RUN = re.compile(rf"[{THAI_LETTER}]+(?:\.[{THAI_LETTER}]+)*\.?")
HAS_THAI = re.compile(f"[{THAI_LETTER}]")
# A name (organisation, place, person) stays whole up to this many characters, a run of a title (goal, indicator,
# award) up to the shorter one: longer runs are phrases, which break between their words like any text — an
# unbreakable run longer than a table cell or a line would overflow it.
NAME_MAX = 60
PHRASE_MAX = 20
SKIP = re.compile(r"<(style|script|svg|title|textarea|pre)\b", re.IGNORECASE)
TAG = re.compile(r"(<[^>]*>)")


def runs(text: str, longest: int) -> list[str]:
    """The runs of Thai letters in ``text`` (``ป.ป.ช.`` included) of two to ``longest`` characters."""
    return [run for run in RUN.findall(text or "") if 2 <= len(run) <= longest]


@cache
def shipped_words() -> frozenset[str]:
    lines = WORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#"))


def project_words() -> frozenset[str]:
    """The shipped list and the names and short title words in the database."""
    from govkpi.awards.models import Award
    from govkpi.events.models import Event
    from govkpi.orgs.models import OrgUnit, PeerGroup
    from govkpi.plans.models import Goal, Indicator

    names: list[str] = [
        *OrgUnit.objects.values_list("name_th", flat=True),
        *PeerGroup.objects.values_list("name_th", flat=True),
        *Award.objects.values_list("issuer", flat=True).distinct(),
    ]
    for place, presiding, position in Event.objects.values_list("place", "presiding", "presiding_position"):
        names += [place, presiding, position]
    titles: list[str] = [
        *Goal.objects.values_list("title_th", flat=True),
        *Indicator.objects.values_list("name_th", flat=True),
        *Award.objects.values_list("title_th", flat=True).distinct(),
        *Event.objects.values_list("title_th", flat=True),
    ]
    words = {run for name in names for run in runs(name, NAME_MAX)}
    words |= {run for title in titles for run in runs(title, PHRASE_MAX)}
    return frozenset(words) | shipped_words()


@lru_cache(maxsize=4)
def _trie(words: frozenset[str]):  # type: ignore[no-untyped-def]
    from pythainlp.corpus.common import thai_words
    from pythainlp.util import Trie

    return Trie(thai_words() | shipped_words() | words)


def segment(text: str, words: Iterable[str] = ()) -> list[str]:
    """``text`` cut into words (PyThaiNLP newmm with the given words added to its dictionary)."""
    from pythainlp.tokenize import word_tokenize

    return word_tokenize(text, custom_dict=_trie(frozenset(words)), engine="newmm", keep_whitespace=True)


def _mark_run(run: str, words: frozenset[str]) -> str:
    out: list[str] = []
    previous_thai = False
    for token in segment(run, words):
        thai = bool(HAS_THAI.search(token))
        if thai and previous_thai:
            out.append("<wbr>")
        out.append(f'<span class="tw">{token}</span>' if thai and len(token) > 1 else token)
        previous_thai = thai
    return "".join(out)


def thai_breaks(html: str, words: Iterable[str] = ()) -> str:
    """``html`` with a break opportunity between Thai words and none inside one; only text in ``<body>`` changes
    (never tags, attributes, styles, scripts or SVG)."""
    known = frozenset(words)
    head, body_tag, body = html.partition("<body")
    if not body_tag:
        head, body = "", html
    out: list[str] = [head, body_tag]
    skipping = ""
    for piece in TAG.split(body):
        if piece.startswith("<"):
            out.append(piece)
            if skipping:
                if re.match(rf"</{skipping}\s*>", piece, re.IGNORECASE):
                    skipping = ""
            elif (opened := SKIP.match(piece)) and not piece.endswith("/>"):
                skipping = opened.group(1).lower()
        elif skipping or not HAS_THAI.search(piece):
            out.append(piece)
        else:
            out.append(RUN.sub(lambda match: _mark_run(match.group(0), known), piece))
    return "".join(out)
