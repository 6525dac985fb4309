"""The workbook upload page in a real browser: while the server loads the file, the page shows the stage and its
count in a <progress> bar and a polite live region; then it shows the same result a plain POST gives. The load is
held in the middle (its comparing stage waits for the test) so that the progress is seen without timing."""

from __future__ import annotations

import json
import threading

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

from govkpi.audit.models import AuditEvent
from govkpi.orgs.models import OrgUnit
from govkpi.workbook import actions
from tests.workbook.conftest import BASE

from .conftest import axe_violations, new_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def session_cookie(transactional_db) -> str:
    client = Client()
    client.force_login(get_user_model().objects.create_superuser("governor", password="x"))
    return client.cookies[settings.SESSION_COOKIE_NAME].value


@pytest.fixture
def held(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """The load waits in its comparing stage until the event is set (30 s at most)."""
    go_on = threading.Event()
    diff = actions.diff

    def waiting_diff(*args, **kwargs):
        go_on.wait(30)
        return diff(*args, **kwargs)

    monkeypatch.setattr(actions, "diff", waiting_diff)
    return go_on


def test_an_admin_sees_the_stages_of_a_load_then_its_result(browser, live_server, session_cookie, held):
    context = new_context(browser)
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session_cookie, "url": live_server.url}])
    tab = context.new_page()
    rows = sum(len(table) for table in BASE.values())
    try:
        tab.goto(live_server.url + "/workbook/upload/")
        assert tab.get_by_role("heading", level=1).inner_text() == "นำเข้าสมุดงาน"
        assert axe_violations(tab) == []
        body = json.dumps(BASE, ensure_ascii=False).encode()
        tab.set_input_files("#id_workbook", files=[{"name": "phrae.json", "mimeType": "application/json",
                                                    "buffer": body}])
        tab.get_by_role("button", name="นำเข้าสมุดงาน").click()
        status = tab.locator("#upload-status")
        status.filter(has_text="เปรียบเทียบกับฐานข้อมูล").wait_for(timeout=15_000)
        assert status.get_attribute("aria-live") == "polite"
        assert status.inner_text() == f"เปรียบเทียบกับฐานข้อมูล: 0 จาก {rows}"
        assert tab.locator("#upload-bar").get_attribute("max") == str(rows)
        assert tab.locator("#upload-stages li").all_inner_texts()[:2] == [
            f"อ่านสมุดงาน: {rows}",
            f"ตรวจสอบแถว: {rows} จาก {rows}",
        ]
        assert tab.get_by_role("button", name="นำเข้าสมุดงาน").is_disabled()
        assert OrgUnit.objects.count() == 0
        held.set()
        result = tab.get_by_role("heading", name="นำเข้า phrae.json แล้ว")
        result.wait_for(timeout=15_000)
        assert tab.locator("table tbody tr").first.inner_text().split() == ["org_units", "3", "0", "0"]
        assert axe_violations(tab) == []
    finally:
        held.set()
        context.close()
    assert OrgUnit.objects.count() == 3
    assert AuditEvent.objects.filter(action="workbook.load", channel="web").count() == 1
