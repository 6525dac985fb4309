import pytest

from govkpi.sdg.models import SdgGoal, SdgIndicator, SdgTarget

pytestmark = pytest.mark.django_db


def test_every_goal_target_and_indicator_is_in_the_database():
    assert SdgGoal.objects.count() == 17
    assert SdgTarget.objects.count() == 169
    # The UN list has 231 unique indicators; some stand under two or three targets (1.5.1 = 11.5.1 = 13.1.1),
    # so the catalogue holds every code: 252 in the shipped version.
    assert SdgIndicator.objects.count() == 252
    assert SdgIndicator.objects.values("title_en").distinct().count() >= 231


def test_codes_are_linked_to_their_parents():
    road_deaths = SdgIndicator.objects.select_related("target__goal").get(code="3.6.1")
    assert road_deaths.target.code == "3.6"
    assert road_deaths.target.goal.short_en == "Good health and well-being"
    assert SdgTarget.objects.get(code="1.a").goal.code == "1"
    assert "PM2.5" in SdgIndicator.objects.get(code="11.6.2").title_en or "fine particulate" in (
        SdgIndicator.objects.get(code="11.6.2").title_en
    )
