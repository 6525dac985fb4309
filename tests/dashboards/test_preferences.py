"""Language and digits: Thai by default, switchable by any visitor, remembered in cookies."""

import re

import pytest
from django.test import Client

from govkpi.dashboards.templatetags.thai_format import score
from govkpi.scorecards.services import score_org

from .test_home import text_of

pytestmark = pytest.mark.django_db


def csrf_token(response) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode()).group(1)


def test_the_language_switch_is_a_form_with_csrf_that_turns_the_page_english(phrae):
    client = Client(enforce_csrf_checks=True)
    home = client.get("/?fy=2565")
    assert 'action="/i18n/setlang/"' in home.content.decode()
    response = client.post(
        "/i18n/setlang/", {"language": "en", "next": "/?fy=2565", "csrfmiddlewaretoken": csrf_token(home)}
    )
    assert (response.status_code, response["Location"]) == (302, "/?fy=2565")
    english = client.get("/?fy=2565")
    html = english.content.decode()
    assert '<html lang="en">' in html
    page = text_of(english)
    assert "Overall score" in page and "achieved" in page and "Unit 54" in page
    assert "Performance, fiscal year 2565" in page and "1 October 2564 BE to 30 September 2565 BE" in page
    assert "G01 A stable economy" in page
    assert "คะแนนภาพรวม" not in page


def test_switching_language_without_csrf_is_refused(phrae):
    client = Client(enforce_csrf_checks=True)
    assert client.post("/i18n/setlang/", {"language": "en", "next": "/"}).status_code == 403


def test_thai_digits_are_a_cookie_preference(client, phrae):
    response = client.post("/digits/", {"digits": "thai", "next": "/?fy=2565"})
    assert (response.status_code, response["Location"]) == (302, "/?fy=2565")
    assert response.cookies["digits"].value == "thai"
    page = text_of(client.get("/?fy=2565"))
    expected = score(score_org(2565, phrae.orgs["54"])["overall"]["score"])
    assert expected.translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")) in page
    assert "ปีงบประมาณ ๒๕๖๕" in page and "๑ ตุลาคม ๒๕๖๔" in page
    assert "ที่เผยแพร่: ๗๑ · ตามบันทึก: ๗๒" in page
    client.post("/digits/", {"digits": "arabic", "next": "/"})
    assert expected in text_of(client.get("/"))


def test_the_digits_form_ignores_unknown_values_and_foreign_redirects(client, phrae):
    response = client.post("/digits/", {"digits": "roman", "next": "https://evil.example/"})
    assert response["Location"] == "/"
    assert "digits" not in response.cookies
    assert client.get("/digits/").status_code == 405


def test_a_bad_digits_cookie_falls_back_to_arabic(client, phrae):
    client.cookies["digits"] = "klingon"
    assert "ปีงบประมาณ 2565" in text_of(client.get("/"))
