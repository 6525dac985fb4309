"""The demo holds the seed's press conference."""

from datetime import date

import pytest

from govkpi.demo.actions import load_demo
from govkpi.events.models import Event

pytestmark = pytest.mark.django_db


def test_the_demo_holds_the_press_conference_of_20_september_2565():
    load_demo()
    event = Event.objects.get(fiscal_year=2565)
    assert (event.date, event.time) == (date(2022, 9, 20), "10:00")
    assert event.place.startswith("ห้องนครแกรนด์บอลรูม โรงแรมแพร่นครา")
    assert (event.presiding, event.presiding_position) == ("นายสมหวัง พ่วงบางโพ", "ผู้ว่าราชการจังหวัดแพร่")
    assert event.recording_url.endswith("/817991092542378/")
