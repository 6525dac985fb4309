"""The benchmarks of issue 6: the press release as PDF (target ≤ 3 s) and a 40-page annual report (≤ 20 s).

Both run on the Phrae 2565 demo; the annual report's award table is padded with generated award rows until the PDF
has at least 40 pages. The baseline is Chromium printing a one-line page (launch + print): the floor that any PDF
made this way pays.
"""

from __future__ import annotations

import time
from pathlib import Path

BENCHMARKS = ["reports.press_release_pdf", "reports.annual_pdf_40_pages"]
FISCAL_YEAR = 2565
PADDING_AWARDS = 320


def _demo() -> None:
    from govkpi.demo.actions import load_demo

    load_demo()


def _floor() -> float:
    from govkpi.reports.pdf import html_to_pdf

    started = time.perf_counter()
    html_to_pdf('<!DOCTYPE html><html lang="th"><meta charset="utf-8"><p>ทดสอบ</p></html>')
    return time.perf_counter() - started


def _pages(pdf: bytes) -> int:
    from govkpi.reports.pdf import page_texts

    return len([page for page in page_texts(pdf) if page])


def _case(name: str, seconds: float, target: float, floor: float, pages: int) -> list[dict]:
    return [
        {"name": name, "value": seconds, "unit": "s", "target": f"<= {target:g}", "baseline": floor,
         "baseline_what": "Chromium launch + printing a one-line Thai page (s)", "ratio": seconds / floor,
         "passed": seconds <= target, "pages": pages},
    ]


def reports_press_release_pdf(scale: int, workdir: Path) -> list[dict]:
    from govkpi.reports.generate import build, render

    _demo()
    floor = _floor()
    started = time.perf_counter()
    pdf = render(build("press-release", FISCAL_YEAR), "pdf")
    seconds = time.perf_counter() - started
    (workdir / "press-release.pdf").write_bytes(pdf)
    return _case("reports.press_release.pdf", seconds, 3, floor, _pages(pdf))


def _pad_awards() -> None:
    from govkpi.awards.models import Award
    from govkpi.orgs.models import OrgUnit

    orgs = list(OrgUnit.objects.filter(kind="subdistrict").order_by("code"))
    Award.objects.bulk_create(
        Award(fiscal_year=FISCAL_YEAR, category="other", title_th=f"รางวัลทดสอบประสิทธิภาพ ลำดับที่ {i}",
              issuer="หน่วยงานทดสอบ", recipient=orgs[i % len(orgs)], level="ดีเด่น")
        for i in range(PADDING_AWARDS)
    )


def reports_annual_pdf_40_pages(scale: int, workdir: Path) -> list[dict]:
    from govkpi.reports.generate import build, render

    _demo()
    _pad_awards()
    floor = _floor()
    started = time.perf_counter()
    pdf = render(build("annual", FISCAL_YEAR), "pdf")
    seconds = time.perf_counter() - started
    (workdir / "annual.pdf").write_bytes(pdf)
    pages = _pages(pdf)
    rows = _case("reports.annual.pdf", seconds, 20, floor, pages)
    rows[0]["passed"] = rows[0]["passed"] and pages >= 40
    rows[0]["target"] += f" for >= 40 pages (got {pages})"
    return rows
