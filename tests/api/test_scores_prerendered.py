"""`/api/v1/scores` answers with the card `materialise` pre-rendered while the score store is current: the same bytes,
headers and ETag as when it computes the card, computed again as soon as a write stales it, and computed when the
pre-rendered row is missing or damaged."""

import pytest
from django.core.cache import cache

from govkpi.api.resources import scores
from govkpi.audit.actions import record
from govkpi.results.actions import approve_result
from govkpi.scorecards.incremental import materialise
from govkpi.scorecards.models import PrerenderedCard
from tests.scorecards.builders import make_criterion, make_result

CODES = ("54", "5401", "540101", "5402")


@pytest.fixture
def computing(monkeypatch):
    """Counts the cards the endpoint builds instead of reading them pre-rendered."""
    calls = []
    real = scores.score_org

    def counted(year, org):
        calls.append(org.code)
        return real(year, org)

    monkeypatch.setattr(scores, "score_org", counted)
    return calls


@pytest.fixture
def stored(world):
    for org, values in (("5401", (60, 70)), ("540101", (80, 90))):
        for quarter, value in enumerate(values, start=1):
            make_result(world.mean, world.orgs[org], f"2565-Q{quarter}", value)
    make_result(world.ratio, world.orgs["540101"], "2565-Q1", numerator=3, denominator=4)
    return world


def answers(api, path, who=None, language="th"):
    cache.clear()  # not the anonymous-read cache: the view itself
    response = api.client.get(f"/api/v1/{path}", headers={"Accept-Language": language,
                                                           **({"Authorization": f"Bearer {api.tokens[who]}"}
                                                              if who else {})})
    assert response.status_code == 200
    return response.content, response["ETag"], response["Content-Type"], response.get("Vary"), response["Cache-Control"]


@pytest.mark.parametrize("language", ["th", "en"])
@pytest.mark.parametrize("who", [None, "viewer"])
def test_the_prerendered_answer_is_the_computed_one(api, stored, computing, language, who):
    paths = [f"scores?fiscal_year=2565&org={code}" for code in CODES] + ["scores", "scores?fiscal_year=๒๕๖๕&org=5402"]
    built = {path: answers(api, path, who, language) for path in paths}  # no store: computed from the results
    materialise(2565)
    computing.clear()
    for path in paths:
        assert answers(api, path, who, language) == built[path], path
    assert computing == []  # every one pre-rendered, none built


def test_a_write_that_stales_the_store_is_computed_again(api, stored, computing):
    materialise(2565)
    before, *_headers = answers(api, "scores?fiscal_year=2565&org=5401")
    assert computing == []
    criterion = make_criterion(2565, stored.mean, org=stored.orgs["5401"], weight=7)
    record(acting_user=None, channel="cli", action="plans.criterion.create", object_type="plans.criterion",
           object_key=str(criterion.pk))
    after, *_headers = answers(api, "scores?fiscal_year=2565&org=5401")
    assert computing == ["5401"] and after != before and b'"weight": 7' in after


def test_an_approval_computes_the_changed_cards_and_keeps_the_others(api, stored, computing):
    materialise(2565)
    result = make_result(stored.mean, stored.orgs["540101"], "2565-Q3", 100, status="submitted")
    approve_result(result, acting_user=stored.people["app5401"], channel="web")
    for code in CODES:
        answers(api, f"scores?fiscal_year=2565&org={code}")
    assert sorted(computing) == ["54", "5401", "540101"]  # the approved one and its ancestors; 5402 pre-rendered
    unchanged = answers(api, "scores?fiscal_year=2565&org=5402")
    PrerenderedCard.objects.all().delete()
    assert answers(api, "scores?fiscal_year=2565&org=5402") == unchanged


@pytest.mark.parametrize("damage", [{"body": "broken"}, {"blank": True}, {"body": ""}])
def test_a_damaged_row_is_computed_not_an_error(api, stored, computing, damage):
    materialise(2565)
    PrerenderedCard.objects.filter(org__code="5401").update(**damage)
    PrerenderedCard.objects.filter(org__isnull=True).delete()
    answers(api, "scores?fiscal_year=2565&org=5401")
    assert computing == ["5401"]


def test_a_missing_row_is_computed(api, stored, computing):
    materialise(2565)
    PrerenderedCard.objects.all().delete()
    body, *_headers = answers(api, "scores?fiscal_year=2565&org=5402")
    assert computing == ["5402"] and body.startswith(b'{"fiscal_year": 2565, "org": "5402"')


def test_a_prerendered_answer_takes_three_queries(api, stored, computing, django_assert_max_num_queries):
    materialise(2565)
    cache.clear()
    # the anonymous-read cache's data version, the organisation, the pre-rendered card with the store's state
    with django_assert_max_num_queries(3):
        response = api.get("scores?fiscal_year=2565&org=5401")
    assert response.status_code == 200 and computing == []
    # with a token: the token (and its last use), the organisation, the card
    with django_assert_max_num_queries(4):
        assert api.get("scores?fiscal_year=2565&org=540101", "viewer").status_code == 200
    assert computing == []
