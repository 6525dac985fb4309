"""Pages that show data problems (rows written by SQL that break the rules) stay readable on a phone and have no
serious axe-core violation: the reason stands in place of the score, marked as a data problem in words."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

from govkpi.demo.actions import load_demo
from tests.project.test_bad_rows_never_break_pages import BROKEN_CRITERION, write_bad_rows

from .conftest import axe_violations, new_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = ("/", "/orgs/54/", "/orgs/5403/", "/goals/G01/", f"/indicators/{BROKEN_CRITERION}/", "/indicators/G02-2/",
         "/executive/", "/results/approvals/")


@pytest.fixture
def session_cookie(transactional_db) -> str:
    load_demo()
    write_bad_rows()
    client = Client()
    client.force_login(get_user_model().objects.create_superuser("governor", password="x"))
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def test_the_pages_with_data_problems_read_on_a_phone(browser, live_server, session_cookie, artifacts):
    context = new_context(browser, 360, 740)
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session_cookie, "url": live_server.url}])
    phone = context.new_page()
    try:
        for path in PAGES:
            phone.goto(live_server.url + path)
            assert phone.locator(".data-problem").count() >= 1, path
            assert phone.locator(".data-problem").first.is_visible(), path
            assert phone.evaluate("document.documentElement.scrollWidth") <= 360, path
            assert axe_violations(phone) == [], path
        phone.goto(live_server.url + "/orgs/54/")
        phone.screenshot(path=str(artifacts / "dash-data-problems-360.png"), full_page=True)
    finally:
        context.close()
