"""The downloads of the table pages in a real browser: visible, named for people, reachable by keyboard, no serious
axe-core violation, and the file that comes is the page's workbook in the page's language."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from govkpi.demo.actions import load_demo

from .conftest import AXE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = [("/orgs/5401/?fy=2565", "เป้าหมาย"), ("/indicators/G01-1/?fy=2565", "จำแนกตามอำเภอและองค์กรปกครองส่วนท้องถิ่น"[:31]),
         ("/rankings/?fy=2565", "อำเภอ เรียงตามคะแนนภาพรวม")]


def downloads_violations(page) -> list[str]:
    """axe-core on the downloads paragraph (the rest of each page has its own checks in test_public_pages)."""
    if not AXE.exists():
        pytest.skip("needs node_modules/axe-core (npm install)")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run('#page-downloads', {resultTypes: ['violations']})")
    return [f"{v['impact']}: {v['id']}" for v in result["violations"] if v["impact"] in ("serious", "critical")]


def test_each_table_page_offers_its_tables_as_files(page, live_server, transactional_db):
    load_demo()
    for path, first_sheet in PAGES:
        page.goto(live_server.url + path)
        xlsx = page.get_by_role("link", name="Excel (XLSX) ทุกตาราง")
        csv = page.get_by_role("link", name="CSV:", exact=False)
        assert xlsx.is_visible() and csv.is_visible(), path
        xlsx.focus()
        assert page.evaluate("document.activeElement.textContent") == "Excel (XLSX) ทุกตาราง"
        assert downloads_violations(page) == [], path
        with page.expect_download() as download:
            xlsx.click()
        book = load_workbook(io.BytesIO(open(download.value.path(), "rb").read()))
        assert book.sheetnames[0] == first_sheet, path
        assert book.worksheets[0].freeze_panes == "A2"
