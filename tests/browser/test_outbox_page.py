"""The outbox page in a real browser, on a phone: readable, no serious axe-core violation, and "retry now" works."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

from govkpi.notify.choices import Status
from govkpi.notify.models import OutboxMessage
from govkpi.notify.outbox import enqueue

from .conftest import axe_violations, new_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def session_cookie(transactional_db) -> str:
    enqueue("line", "Uabcdef0123456789abcdef0123456789", "ผลการดำเนินงานรออนุมัติ " * 20)
    OutboxMessage.objects.update(status=Status.FAILED, attempts=1, last_error='LINE 400: {"message":"Invalid to"}')
    enqueue("email", "office@example.org", "ผลการดำเนินงานที่ต้องรายงาน")
    client = Client()
    client.force_login(get_user_model().objects.create_superuser("governor", password="x"))
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def test_an_official_retries_a_failed_notice_on_a_phone(browser, live_server, session_cookie):
    context = new_context(browser, 390, 844)
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session_cookie, "url": live_server.url}])
    phone = context.new_page()
    try:
        phone.goto(live_server.url + "/notices/")
        assert phone.get_by_role("heading", level=1).inner_text() == "การแจ้งเตือนที่ยังส่งไม่ถึง"
        assert axe_violations(phone) == []
        phone.get_by_role("button", name="ส่งใหม่เดี๋ยวนี้: การแจ้งเตือนถึง Uabcdef0123456789abcdef0123456789").click()
        phone.wait_for_load_state()
        assert phone.get_by_role("status").first.inner_text().strip() == "ข้อความจะถูกส่งในรอบการส่งครั้งถัดไป"
        assert axe_violations(phone) == []
    finally:
        context.close()
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {Status.PENDING}
