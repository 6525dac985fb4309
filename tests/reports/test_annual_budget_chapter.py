"""The annual report's "Budget and projects" chapter: per goal allocated, disbursed, rate and target, and the
projects behind, all from `govkpi budget` (`strategy.services.budget`), printed through the same PDF pipeline."""

import pytest

from govkpi.reports.annual import annual_report
from govkpi.reports.document import plain
from govkpi.reports.generate import build, render
from govkpi.reports.pdf import page_texts
from govkpi.strategy.models import Project
from govkpi.strategy.services import budget

from .conftest import squash

pytestmark = pytest.mark.django_db


def chapter(doc):
    """The blocks from the chapter's heading to the next heading."""
    start = next(i for i, b in enumerate(doc.blocks) if b.kind == "heading" and b.anchor == "budget")
    end = next(i for i, b in enumerate(doc.blocks) if i > start and b.kind == "heading")
    return doc.blocks[start:end]


def test_the_chapter_carries_the_budget_figures_per_goal(demo):
    report = budget(2565)
    blocks = chapter(annual_report(2565, "en", "arabic"))
    assert blocks[0].parts == ["Budget and projects"]
    text = "\n".join(plain(b.parts) for b in blocks)
    assert "Cancelled projects are not counted" in text
    tables = [b for b in blocks if b.kind == "table"]
    by_goal = tables[0].rows[1:]
    assert [row[0] for row in by_goal] == [g["goal"] or "–" for g in report["goals"]]
    first = report["goals"][0]
    assert by_goal[0][3].text == f"{first['allocated']:,.0f}"
    assert by_goal[0][5] == f"{round(first['rate'] * 100)}%"


def test_projects_behind_are_listed_by_title(demo):
    report = budget(2565)
    behind = {r["code"] for r in report["projects"]
              if r["status"] != "cancelled" and (r["behind"] or r["status"] == "delayed")}
    assert behind
    blocks = chapter(annual_report(2565, "th", "thai"))
    listed = {b.parts[0].split()[0] for b in blocks if b.kind == "item"}
    assert listed == behind
    cancelled = {r["code"] for r in report["projects"] if r["status"] == "cancelled"}
    assert cancelled and not cancelled & listed


def test_the_printed_pdf_has_the_chapter_and_a_projects_thai_title(demo, django_db_blocker):
    with django_db_blocker.unblock():
        doc = build("annual", 2565)
        pdf = render(doc, "pdf")
    text = "".join(page_texts(pdf))
    assert squash("งบประมาณและโครงการ") in text
    code = next(r["code"] for r in budget(2565)["projects"] if r["behind"] and r["status"] != "cancelled")
    assert squash(Project.objects.get(code=code).title_th) in text


def test_a_year_without_projects_says_so(demo):
    Project.objects.filter(fiscal_year=2565).delete()  # rolled back after the test
    blocks = chapter(annual_report(2565, "en", "arabic"))
    assert [b.parts for b in blocks[1:]] == [["No project has been recorded for this fiscal year."]]
