"""The executive view on a governor's phone: signed in, 360 px, readable, no serious axe-core violation."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

from govkpi.dashboards.templatetags.thai_format import score
from govkpi.demo.actions import load_demo
from govkpi.scorecards.services import root_org, score_org

from .conftest import axe_violations, new_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def session_cookie(transactional_db) -> str:
    load_demo()
    client = Client()
    client.force_login(get_user_model().objects.create_superuser("governor", password="x"))
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def test_the_governor_reads_it_on_a_phone(browser, live_server, session_cookie, artifacts):
    context = new_context(browser, 360, 740)
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session_cookie, "url": live_server.url}])
    phone = context.new_page()
    try:
        phone.goto(live_server.url + "/executive/")
        assert phone.get_attribute("html", "lang") == "th"
        assert phone.inner_text("#exec-score") == score(score_org(2565, root_org())["overall"]["score"])
        assert phone.get_by_role("heading", level=2, name="ตัวชี้วัดที่มีความเสี่ยง เรียงจากแย่ที่สุด").is_visible()
        assert phone.evaluate("document.documentElement.scrollWidth") <= 360
        phone.screenshot(path=str(artifacts / "dash-executive-360.png"), full_page=True)
        assert axe_violations(phone) == []
    finally:
        context.close()


def test_a_visitor_is_asked_to_sign_in(page, live_server, transactional_db):
    page.goto(live_server.url + "/executive/")
    assert "/executive/" not in page.url.split("?")[0]
