"""What people read carries no internal codes: peer groups, kinds, claim metrics, audit actions and actors are shown
by their labels, in Thai and in English (issue 15 item 4); moments are BE dates with Thai months (item 7)."""

import re

import pytest

from govkpi.audit.actions import record
from govkpi.audit.models import AuditEvent
from govkpi.dashboards import labels
from govkpi.demo.actions import ensure_demo_admin, load_demo
from govkpi.results.models import Result

from .test_home import text_of

pytestmark = pytest.mark.django_db

RAW = ("central_unit", "regional_administration", "town_municipality", "subdistrict_municipality", "lao:", "pao:",
       "awards.total", "workbook.load", "cli:", "accounts.create_demo_admin", "results.result.", "scorecards.")
PAGES = ("/rankings/", "/assessments/ita/2565/", "/awards/", "/executive/", "/results/approvals/", "/accounts/tokens/")
THAI_MONTHS = r"(ม\.ค|ก\.พ|มี\.ค|เม\.ย|พ\.ค|มิ\.ย|ก\.ค|ส\.ค|ก\.ย|ต\.ค|พ\.ย|ธ\.ค)\."
THAI_MOMENT = re.compile(r"[0-9]{1,2} " + THAI_MONTHS + r" 25[0-9]{2} [0-9]{2}:[0-9]{2} น\.")
ISO_MOMENT = re.compile(r"\b20[0-9]{2}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}\b")


@pytest.fixture
def official(client, django_user_model):
    load_demo()
    ensure_demo_admin()
    record(acting_user=None, channel="cli", action="scorecards.materialise", object_key="2565")
    client.force_login(django_user_model.objects.get(username="admin"))
    return client


@pytest.mark.parametrize("language", ["th", "en"])
def test_pages_show_labels_not_codes(official, language):
    for page in PAGES:
        response = official.get(page, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200, page
        text = text_of(response)
        assert [code for code in RAW if code in text] == [], page
        assert not ISO_MOMENT.search(text), page


def test_the_executive_box_reads_as_sentences_with_thai_times(official):
    text = text_of(official.get("/executive/", HTTP_ACCEPT_LANGUAGE="th"))
    assert "ผู้ดูแลระบบ (บรรทัดคำสั่ง) โหลดสมุดงาน: 1,037 แถว" in text
    assert "สร้างบัญชีผู้ดูแลระบบสำหรับทดลองใช้" in text
    assert re.search(THAI_MOMENT, text)
    english = text_of(official.get("/executive/", HTTP_ACCEPT_LANGUAGE="en"))
    assert "An administrator (command line) loaded a workbook: 1,037 rows" in english


def test_late_reporters_have_names_beside_codes(official):
    text = text_of(official.get("/executive/", HTTP_ACCEPT_LANGUAGE="en"))
    late = text[text.index("Organisations late to report"):]
    assert re.search(r"G[0-9]{2}-[0-9] [A-Z][a-z]", late)


def test_result_history_reads_in_thai(official):
    result = Result.objects.order_by("pk").first()
    text = text_of(official.get(f"/results/{result.pk}/history/", HTTP_ACCEPT_LANGUAGE="th"))
    assert not ISO_MOMENT.search(text)
    assert "cli:" not in text and THAI_MOMENT.search(text)


def test_every_action_the_code_records_has_a_label():
    for action in labels.ACTIONS:
        assert labels.action_label(action) != action
    assert labels.action_label("plans.indicator.change").startswith("แก้ไขระเบียนในหน้าผู้ดูแลระบบ")
    assert labels.action_label("new.thing") == "new thing"  # an unnamed code still reads as words
    assert labels.actor_label("cli:root") == labels.actor_label("cli") == "ผู้ดูแลระบบ (บรรทัดคำสั่ง)"
    assert labels.actor_label("somchai") == "somchai"
    assert labels.metric_label("awards.total") == "จำนวนรางวัลทั้งหมด"
    assert labels.group_label("central_unit", "central_unit") == labels.kind_label("central_unit") != "central_unit"
    assert labels.group_label("my_group", "กลุ่มของฉัน") == "กลุ่มของฉัน"
    event = AuditEvent(actor_label="cli:root", action="results.result.import", changes={"created": 700, "updated": 2})
    assert labels.event_sentence(event) == "ผู้ดูแลระบบ (บรรทัดคำสั่ง) นำเข้าผลการดำเนินงานจากสมุดงาน: 702 แถว"


def test_every_audit_action_written_by_the_code_has_a_label():
    """An action the code records reads as a phrase on the executive page, never as its code."""
    import re
    from pathlib import Path

    from govkpi.dashboards.labels import ACTIONS

    source = Path(__file__).resolve().parents[2] / "govkpi"
    written = {match for path in source.rglob("*.py")
               for match in re.findall(r'action="([a-z_]+\.[a-z_.]+)"', path.read_text(encoding="utf-8"))}
    assert written and written - set(ACTIONS) == set()
