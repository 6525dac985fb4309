"""Every page and message is translated: each catalogue is complete and its compiled .mo matches its .po."""

from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2] / "govkpi"
CATALOGUES = sorted(ROOT.glob("**/locale/th/LC_MESSAGES/django.po"))


def test_there_are_catalogues():
    assert len(CATALOGUES) >= 8


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_message_has_a_thai_translation(po_path):
    po = polib.pofile(str(po_path))
    untranslated = [entry.msgid for entry in po if not entry.translated() and not entry.obsolete]
    assert untranslated == []


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_compiled_catalogue_matches_its_source(po_path):
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"compile {po_path} (msgfmt -o {mo_path} {po_path})"
    source = {(e.msgctxt, e.msgid): e.msgstr for e in polib.pofile(str(po_path)) if e.translated()}
    compiled = {(e.msgctxt, e.msgid): e.msgstr for e in polib.mofile(str(mo_path)) if e.msgid}
    assert compiled == source


def test_a_message_reads_the_same_in_every_app():
    """Django merges the apps' catalogues into one, and the first app's translation wins: a message translated two
    ways changes wording on pages of another app depending on the order of INSTALLED_APPS. One message, one Thai
    text; a word that must read differently somewhere takes a context (pgettext)."""
    translations: dict[tuple[str | None, str], dict[str, str]] = {}
    for po_path in CATALOGUES:
        for entry in polib.pofile(str(po_path)):
            if entry.translated() and not entry.obsolete:
                translations.setdefault((entry.msgctxt, entry.msgid), {})[str(po_path.relative_to(ROOT))] = (
                    entry.msgstr)
    disagreeing = {key: found for key, found in translations.items() if len(set(found.values())) > 1}
    assert disagreeing == {}
