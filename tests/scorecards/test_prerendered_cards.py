"""Pre-rendered scorecards (`govkpi.scorecards.prerender`): written by `materialise`, byte for byte the body the API
computes, never served once the store is stale, and a bad row means computing, never an error."""

import json

import pytest
from django.http import JsonResponse
from ninja.responses import NinjaJSONEncoder

from govkpi.api.http import finite
from govkpi.audit.actions import record
from govkpi.orgs.actions import rebuild_paths
from govkpi.orgs.models import OrgUnit
from govkpi.scorecards.incremental import materialise, refresh_after_change
from govkpi.scorecards.models import PrerenderedCard
from govkpi.scorecards.prerender import as_ascii, prerendered_body
from govkpi.scorecards.services import score_org

from .builders import make_criterion, make_result

pytestmark = pytest.mark.django_db

YEAR = 2565


def computed(org: OrgUnit) -> bytes:
    """The body the API writes when it computes the card (`api.resources.scores`)."""
    return JsonResponse(finite(score_org(YEAR, org)), encoder=NinjaJSONEncoder).content


@pytest.fixture
def nation(phrae):
    """Phrae with more organisations without any value (one named with characters beyond Thai), one with criteria
    of its own, and stored values."""
    orgs = phrae.orgs
    for code, name in (("5404", "อำเภอสูงเม่น"), ("5405", 'Café "Ünïcode" \x7f 𝔘 ✓'), ("540201", "ตำบล ๑ é 𝔘 \x7f")):
        parent = orgs["5402"] if len(code) == 6 else orgs["54"]
        orgs[code] = OrgUnit.objects.create(code=code, name_th=name, name_en=f"Unit {code}", kind="district",
                                            parent=parent)
    rebuild_paths()
    for org in orgs.values():
        org.refresh_from_db()
    make_criterion(YEAR, phrae.indicators["G01-1"], org=orgs["5403"], weight=9)  # 5403: its own criteria
    make_result(phrae.indicators["G01-2"], orgs["540201"], f"{YEAR}-Q1", numerator=1, denominator=3)
    record(acting_user=None, channel="cli", action="orgs.import", object_type="orgs.orgunit", object_key="54")
    materialise(YEAR)  # the store is current from the newest audit event on
    return phrae


def test_materialise_prerenders_every_card_byte_for_byte(nation):
    served = 0
    for code, org in nation.orgs.items():
        body = prerendered_body(YEAR, org)
        if code == "5403":  # criteria of its own and no value: computed on request
            assert body is None
            continue
        assert body == computed(org), code
        served += 1
    assert served == len(nation.orgs) - 1
    blank = PrerenderedCard.objects.filter(fiscal_year=YEAR, blank=True).values_list("org__code", flat=True)
    assert set(blank) == {"5404", "5405"}  # no value: the shared text after their own code and names


def test_the_body_is_ascii_json_of_the_card(nation):
    body = prerendered_body(YEAR, nation.orgs["5405"])
    assert body.isascii()
    assert json.loads(body)["org_name_th"] == 'Café "Ünïcode" \x7f 𝔘 ✓'


@pytest.mark.parametrize("text", ["ตำบล ๑", "é \x7f 𝔘", 'a "quoted" \\ back \\x \\U', "\u00ff\u0100", "\x80"])
def test_as_ascii_writes_what_json_dumps_writes(text):
    assert as_ascii(json.dumps({"n": text}, ensure_ascii=False)) == json.dumps({"n": text}).encode()


def test_a_write_that_stales_the_store_stops_the_prerendered_cards(nation):
    org = nation.orgs["54"]
    before = prerendered_body(YEAR, org)
    criterion = make_criterion(YEAR, nation.indicators["G01-1"], org=org, weight=1)
    record(acting_user=None, channel="cli", action="plans.criterion.create", object_type="plans.criterion",
           object_key=str(criterion.pk))
    assert prerendered_body(YEAR, org) is None
    assert computed(org) != before  # the computed card has the new weight; the old text is never served


def test_a_change_the_store_takes_in_drops_the_changed_cards_only(nation):
    orgs = nation.orgs
    result = make_result(nation.indicators["G02-1"], orgs["540101"], f"{YEAR}-Q2", 1)
    record(acting_user=None, channel="web", action="results.result.approve", object_type="results.result",
           object_key=str(result.pk))
    assert refresh_after_change(YEAR, [orgs["540101"].pk], [result.indicator_id])
    for code in ("540101", "5401", "54"):  # the organisation and its ancestors
        assert prerendered_body(YEAR, orgs[code]) is None
    for code in ("5402", "5404"):
        assert prerendered_body(YEAR, orgs[code]) == computed(orgs[code])


@pytest.mark.parametrize("body", ["", "not base64!", "bm90IHpsaWI=", "eJwAAA=="])  # not zlib; cut short
def test_a_corrupt_row_is_not_served(nation, body):
    org = nation.orgs["5401"]
    PrerenderedCard.objects.filter(fiscal_year=YEAR, org=org).update(body=body)
    assert prerendered_body(YEAR, org) is None


def test_a_missing_shared_text_is_not_served(nation):
    PrerenderedCard.objects.filter(fiscal_year=YEAR, org__isnull=True).delete()
    assert prerendered_body(YEAR, nation.orgs["5404"]) is None
    assert prerendered_body(YEAR, nation.orgs["5401"]) is not None


def test_a_hit_is_one_query(nation, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert prerendered_body(YEAR, nation.orgs["5404"]) is not None


def test_a_year_without_criteria_materialises_without_cards(nation):
    assert materialise(2566) == 0
    assert not PrerenderedCard.objects.filter(fiscal_year=2566).exists()
    assert prerendered_body(YEAR, nation.orgs["54"]) is not None


@pytest.mark.parametrize("bad", ["infinite value", "criteria out of order", "infinite threshold", "infinite target"])
def test_rows_that_break_the_rules_are_prerendered_as_computed_or_not_at_all(phrae, bad):
    from govkpi.plans.models import Criterion
    from govkpi.results.models import Result

    if bad == "infinite value":
        Result.objects.filter(org=phrae.orgs["5402"], indicator=phrae.indicators["G02-1"]).update(value=float("inf"))
    elif bad == "criteria out of order":
        Criterion.objects.filter(indicator=phrae.indicators["G01-2"]).update(level1=90, level5=10)
    elif bad == "infinite threshold":  # left out of the scores, named with its problem
        Criterion.objects.filter(indicator=phrae.indicators["G01-1"]).update(level5=float("inf"))
    else:
        Criterion.objects.filter(indicator=phrae.indicators["G01-1"]).update(target=float("inf"))
    record(acting_user=None, channel="cli", action="orgs.import", object_type="orgs.orgunit", object_key="54")
    materialise(YEAR)
    served = set()
    for code, org in phrae.orgs.items():
        body = prerendered_body(YEAR, org)
        assert body is None or body == computed(org), code
        if body is not None:
            served.add(code)
    # a value's problem stays out of the store: that card and its ancestors' are built on request; an infinite
    # target is in every card (JSON has no such number, the API writes null): none is pre-rendered
    expected = {"infinite value": {"5401", "540101", "5403"}, "infinite target": set()}
    assert served == expected.get(bad, set(phrae.orgs))
