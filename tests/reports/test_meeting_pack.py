"""The provincial committee's monthly pack (ประชุมคณะกรมการจังหวัด) built from the demo records: one section per goal
with its scores and trend, the indicators at risk with their commentary and open corrective actions, the projects
behind on disbursement, who is late, what changed since the month before, and the data's time on the cover."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command

from govkpi.core.periods import parse_period
from govkpi.core.thai import format_datetime
from govkpi.orgs.models import OrgUnit
from govkpi.plans.models import Goal, Indicator
from govkpi.reports.document import plain
from govkpi.reports.meeting import meeting_pack
from govkpi.reports.meetingfacts import check_month, latest_month, meeting_facts
from govkpi.results.due import tasks_for
from govkpi.results.models import Result, ResultEvent
from govkpi.scorecards.services import root_org, score_org
from govkpi.strategy.models import Commentary, CorrectiveAction
from govkpi.strategy.services import budget

pytestmark = pytest.mark.django_db
TODAY = dt.date(2022, 4, 20)  # the committee meets in April about March (2565-M06)


@pytest.fixture(scope="module")
def records(demo, django_db_blocker):
    """The demo, with what agencies said and one corrective action: G03-6 (waiting time) is at risk in March."""
    with django_db_blocker.unblock():
        hospital = OrgUnit.objects.get(code="54-HOSP")
        province = root_org()
        waiting = Indicator.objects.get(code="G03-6")
        Commentary.objects.create(org=hospital, indicator=waiting, period="2565-Q2",
                                  analysis="ผู้ป่วยนอกเพิ่มขึ้นหลังการระบาด", problems="แพทย์ไม่เพียงพอ")
        Commentary.objects.create(org=hospital, indicator=waiting, period="2565-Q4", analysis="ยังไม่อนุมัติ")
        CorrectiveAction.objects.create(code="CA-G03-6", indicator=waiting, org=hospital, owner=province,
                                        title_th="เปิดคลินิกนอกเวลาราชการ", due=dt.date(2022, 4, 10),
                                        opened_in="2565-Q2")
        CorrectiveAction.objects.create(code="CA-DONE", indicator=waiting, org=hospital, title_th="ปิดไปแล้ว",
                                        status="done")
        march = meeting_pack(parse_period("2565-M06"), today=TODAY)
        february = meeting_pack(parse_period("2565-M05"), today=TODAY)
        facts = meeting_facts(parse_period("2565-M06"), today=TODAY)
        yield {"march": march, "february": february, "facts": facts}


def section(doc, anchor: str) -> list:
    """The blocks of one section: from its heading to the next page-opening heading."""
    start = next(i for i, b in enumerate(doc.blocks) if b.kind == "heading" and b.anchor == anchor)
    end = next((i for i in range(start + 1, len(doc.blocks))
                if doc.blocks[i].kind == "heading" and doc.blocks[i].extra.get("pagebreak")), len(doc.blocks))
    return doc.blocks[start:end]


def lines(blocks) -> list[str]:
    out = []
    for block in blocks:
        if block.kind == "table":
            out += [" | ".join(plain(c if isinstance(c, list) else [c]) for c in row) for row in block.rows]
        else:
            out.append(plain(block.parts))
    return out


def test_each_goal_opens_its_own_page_with_its_score_trend_and_indicators(records):
    doc = records["march"]
    goals = list(Goal.objects.order_by("code").values_list("code", "title_th"))
    opened = [b for b in doc.blocks if b.kind == "heading" and b.anchor.startswith("goal-")]
    assert [plain(b.parts) for b in opened] == [f"{code} {title}" for code, title in goals]
    assert all(b.extra["pagebreak"] for b in opened)
    card = score_org(2565, root_org())  # the whole year: the March pack counts less
    g01 = section(doc, "goal-G01")
    text = "\n".join(lines(g01))
    assert text.count("คะแนน ") >= 1 and "เดือนก่อน (กุมภาพันธ์ ๒๕๖๕)" in text
    assert [b.kind for b in g01].count("chart") == 1 and "<svg" in next(b.svg for b in g01 if b.kind == "chart")
    table = next(b for b in g01 if b.kind == "table")
    assert [row[0] for row in table.rows[1:]] == [i["code"] for i in card["indicators"] if i["goal"] == "G01"]


def test_the_last_month_of_the_year_scores_exactly_as_the_scorecard(demo, django_db_blocker):
    with django_db_blocker.unblock():
        facts = meeting_facts(parse_period("2565-M12"), today=TODAY)
        card = score_org(2565, root_org())
    assert facts.card["overall"] == card["overall"]
    assert [(g["code"], g["score"], g["status"]) for g in facts.card["goals"]] == [
        (g["code"], g["score"], g["status"]) for g in card["goals"]
    ]


def test_an_at_risk_indicator_carries_its_published_commentary_and_open_actions(records):
    text = lines(section(records["march"], "goal-G03"))
    start = next(i for i, line in enumerate(text) if line.startswith("G03-6 ระยะเวลารอคอยเฉลี่ยของผู้ป่วยนอก: คะแนน"))
    below = text[start + 1: start + 4]
    assert below[0] == "โรงพยาบาลแพร่ (ไตรมาส ๒/๒๕๖๕) บทวิเคราะห์: ผู้ป่วยนอกเพิ่มขึ้นหลังการระบาด"
    assert below[1] == "โรงพยาบาลแพร่ (ไตรมาส ๒/๒๕๖๕) ปัญหาอุปสรรค: แพทย์ไม่เพียงพอ"
    assert below[2].startswith("มาตรการแก้ไข CA-G03-6: เปิดคลินิกนอกเวลาราชการ — จังหวัดแพร่ กำหนดแล้วเสร็จ ๑๐ เมษายน")
    assert below[2].endswith("(เลยกำหนดแล้ว)")
    joined = "\n".join(text)
    assert "ยังไม่อนุมัติ" not in joined  # said of a period without an approved result: not public
    assert "CA-DONE" not in joined


def test_an_at_risk_indicator_without_an_action_says_so(records):
    text = lines(section(records["march"], "goal-G01"))
    at = next(i for i, line in enumerate(text) if line.startswith("G01-2 ค่าเฉลี่ยฝุ่นละออง"))
    assert "ไม่บรรลุ" in text[at] and text[at + 1] == "ยังไม่มีมาตรการแก้ไขที่ดำเนินการอยู่สำหรับตัวชี้วัดนี้"


def test_projects_behind_are_those_of_the_budget_as_of_the_latest_quarter_ended(records):
    report = budget(2565, "2565-Q2")
    for goal in Goal.objects.values_list("code", flat=True):
        behind = {row["code"] for row in report["projects"] if row["goal"] == goal and row["status"] != "cancelled"
                  and (row["behind"] or row["status"] == "delayed")}
        text = lines(section(records["march"], f"goal-{goal}"))
        listed = {line.split()[0] for line in text if line.startswith("P2565-")}
        assert listed == behind, goal
    assert any(line.startswith("P2565-001 ") and "ณ ไตรมาส ๒/๒๕๖๕" in line
               for line in lines(section(records["march"], "goal-G01")))


def test_who_is_late_lists_every_organisation_with_overdue_results(records):
    on = dt.date(2022, 4, 20)
    overdue: dict[str, int] = {}
    for task in tasks_for(OrgUnit.objects.order_by("path"), 2565, on):
        if task.overdue and task.period.end <= dt.date(2022, 3, 31):
            overdue[task.org.code] = overdue.get(task.org.code, 0) + 1
    assert overdue  # the demo has some
    table = next(b for b in section(records["march"], "late") if b.kind == "table")
    assert {row[0]: plain([row[2]]) for row in table.rows[1:]} == {
        code: str(n).translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")) for code, n in overdue.items()
    }
    assert lines(section(records["march"], "late"))[1].startswith("ณ วันที่ ๒๐ เมษายน ๒๕๖๕ มีหน่วยงาน")


def test_the_change_since_last_month_is_last_months_pack(records):
    march, february = records["march"], records["february"]
    now = next(b for b in march.blocks if b.kind == "table")
    before = next(b for b in february.blocks if b.kind == "table")
    assert [plain([row[3]]) for row in now.rows[1:]] == [plain([row[2]]) for row in before.rows[1:]]
    changes = lines(section(march, "summary"))
    start = changes.index("สิ่งที่เปลี่ยนแปลงจากเอกสารประกอบการประชุมเดือนก่อน")
    facts = records["facts"]
    moved = [i["code"] for i in facts.card["indicators"]
             if i["status"] != next((b["status"] for b in facts.before["indicators"] if b["code"] == i["code"]),
                                    "no_data")]
    assert moved and all(any(line.startswith(f"ตัวชี้วัด {code} ") for line in changes[start:]) for code in moved)
    assert "ตัวชี้วัด G11-4 ปริมาณน้ำกักเก็บในอ่างเก็บน้ำขนาดกลาง: เสี่ยง → ไม่บรรลุ" in "\n".join(changes)
    new = Result.objects.filter(status="approved", fiscal_year=2565, period__in=["2565-M06", "2565-Q2", "2565-H1"])
    assert changes[start + 1].startswith(f"ผลการดำเนินงานที่อนุมัติแล้ว {new.count()} รายการ".translate(
        str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")))


def test_the_first_month_has_nothing_to_compare_with(demo, django_db_blocker):
    with django_db_blocker.unblock():
        doc = meeting_pack(parse_period("2565-M01"), today=TODAY)
    text = "\n".join(lines(doc.blocks))
    assert "เอกสารฉบับนี้เป็นฉบับแรกของปีงบประมาณ" in text
    assert "ยังไม่สิ้นไตรมาสใด" in text  # no quarter has ended: no disbursement yet


def test_the_cover_has_the_month_and_the_datas_time_in_be(records):
    cover = records["march"].blocks[0]
    assert plain(cover.parts) == "จังหวัดแพร่: เอกสารประกอบการประชุมคณะกรมการจังหวัด ประจำเดือนมีนาคม ๒๕๖๕"
    latest = ResultEvent.objects.filter(to_status="approved").order_by("-at").first().at
    shown = format_datetime(latest, "th", digits="thai", style="long")
    assert cover.extra["lines"][1] == f"ข้อมูล ณ วันที่ {shown} (การอนุมัติผลการดำเนินงานครั้งล่าสุดที่นับรวม)"
    assert str(latest.year + 543) not in cover.extra["lines"][1]  # Thai digits, BE


def test_english_with_arabic_digits(demo, django_db_blocker):
    with django_db_blocker.unblock():
        doc = meeting_pack(parse_period("2565-M06"), "en", "arabic", today=TODAY)
    assert plain(doc.blocks[0].parts) == "Phrae Province: provincial committee meeting pack, March 2565 BE"
    text = "\n".join(lines(doc.blocks))
    assert "Projects behind on disbursement" in text and "Who is late" in text and "๕" not in text


def test_the_facts_take_a_fixed_number_of_queries(demo, django_db_blocker, django_assert_max_num_queries):
    with django_db_blocker.unblock(), django_assert_max_num_queries(22):
        meeting_facts(parse_period("2565-M12"), today=TODAY)  # twelve months of trend, the same queries


def test_latest_is_the_month_before_this_one():
    assert latest_month(dt.date(2022, 4, 5)).code == "2565-M06"
    assert latest_month(dt.date(2022, 10, 1)).code == "2565-M12"
    assert latest_month(dt.date(2022, 11, 30)).code == "2566-M01"
    assert check_month("latest", dt.date(2022, 4, 5)).code == "2565-M06"
    assert check_month("๒๕๖๕-m๖", dt.date(2022, 4, 5)).code == "2565-M06"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--period", "2565-Q2"], "'2565-Q2' is not a month: the committee's pack is monthly, e.g. 2565-M06"),
        (["--period", "2565"], "is not a month"),
        (["--period", "2565-M13"], "is not a month such as 2565-M06"),
        (["--period", "March"], "is not a month such as 2565-M06"),
        (["--period", "2022-M06"], "Christian-era"),
        (["--period", "2999-M01"], "2999-M01 has not ended yet"),
        (["--period", "2565-M06", "--fiscal-year", "2566"], "2565-M06 is a month of fiscal year 2565, not 2566"),
        ([], "give --period"),
    ],
)
def test_a_bad_period_is_a_clear_error(demo, tmp_path, args, message):
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")):
        call_command("report", "meeting", *args, "--format", "md", "--out", str(tmp_path / "x.md"),
                     stdout=io.StringIO())


def test_the_other_reports_refuse_a_period(demo, tmp_path):
    with pytest.raises(CommandError, match="--period is for the meeting pack"):
        call_command("report", "annual", "--period", "2565-M06", "--format", "html", "--out",
                     str(tmp_path / "x.html"), stdout=io.StringIO())


def test_rows_that_break_rules_never_stop_the_pack(demo):
    """Rows written some other way (SQL, an older version): a result and a project report with periods no rule
    accepts, commentary on a period that does not parse, an action without due date or owner."""
    from govkpi.strategy.models import ProjectProgress

    first = Result.objects.filter(status="approved", period="2565-Q1").order_by("pk")
    Result.objects.filter(pk=first[0].pk).update(period="2565-Q9")
    Result.objects.filter(pk=first[1].pk).update(value=float("inf"))
    ProjectProgress.objects.filter(pk=ProjectProgress.objects.order_by("pk")[0].pk).update(period="bogus")
    hospital = OrgUnit.objects.get(code="54-HOSP")
    waiting = Indicator.objects.get(code="G03-6")
    Commentary.objects.create(org=hospital, indicator=waiting, period="๒๕๖๕-Q2x", analysis="ไม่อ่าน")
    CorrectiveAction.objects.create(code="CA-BARE", indicator=waiting, org=hospital, title_th="ไม่มีกำหนด")
    doc = meeting_pack(parse_period("2565-M06"), today=TODAY)
    text = "\n".join(lines(doc.blocks))
    assert "มาตรการแก้ไข CA-BARE: ไม่มีกำหนด — โรงพยาบาลแพร่ กำหนดแล้วเสร็จ ไม่ได้กำหนดวันแล้วเสร็จ" in text
    assert "ไม่อ่าน" not in text and len([b for b in doc.blocks if b.anchor.startswith("goal-")]) == 12
