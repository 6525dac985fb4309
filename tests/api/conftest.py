import json

import pytest

from govkpi.accounts.actions import create_token
from tests.results.builders import World, build_world

ALL_SCOPES = ("read", "write", "tokens")  # the people's tokens of these tests may do whatever their roles allow


class Api:
    """A JSON client that sends a person's bearer token."""

    def __init__(self, client, tokens):
        self.client, self.tokens = client, tokens

    def call(self, method, path, who=None, body=None, token=None):
        headers = {}
        if who is not None or token is not None:
            headers["Authorization"] = f"Bearer {token or self.tokens[who]}"
        kwargs = {"headers": headers}
        if body is not None:
            kwargs.update(data=json.dumps(body), content_type="application/json")
        return getattr(self.client, method.lower())(f"/api/v1/{path}", **kwargs)

    def get(self, path, who=None, **kw):
        return self.call("GET", path, who, **kw)

    def post(self, path, who=None, body=None, **kw):
        return self.call("POST", path, who, body if body is not None else {}, **kw)


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture
def api(world, client) -> Api:
    tokens = {name: create_token(user, acting_user=None, channel="cli", scopes=ALL_SCOPES)
              for name, user in world.people.items()}
    return Api(client, tokens)


# --- the seeded world of the every-endpoint tests (schemathesis, permission matrix, list queries) ------------------

SEEDED_PEOPLE = {  # name → (organisation, role) on the Phrae demo
    "admin": ("54", "admin"),
    "rep5401": ("5401", "reporter"),
    "app5401": ("5401", "approver"),
    "viewer5401": ("5401", "viewer"),
    "rep5402": ("5402", "reporter"),
}


class Seeded:
    """The Phrae demo (rows in every workbook table: organisations, groups, goals, indicators, criteria, results in
    every status, the policy, assessments, awards, claims, events) plus people of 5401 (and a reporter of 5402),
    a checked readiness item (ITA O1) at 5401, 540101 and 5402, and API tokens. Built once per module inside a
    transaction that is rolled back at the end; each test runs in a savepoint of it, so a write in one test is gone
    for the next."""

    def __init__(self) -> None:
        from django.contrib.auth import get_user_model

        from govkpi.accounts.models import Membership
        from govkpi.assessments.actions import save_checklist_entry
        from govkpi.assessments.services import get_framework
        from govkpi.demo.actions import load_demo
        from govkpi.orgs.models import OrgUnit

        load_demo()
        self.orgs = {org.code: org for org in OrgUnit.objects.filter(code__in=["54", "5401", "540101", "5402"])}
        from govkpi.plans.models import Indicator

        # G01-1 is what the matrix reports for each target: the subdistrict reports it too (the rules refuse a result
        # of an organisation that does not report the indicator).
        Indicator.objects.get(code="G01-1").responsible.add(self.orgs["540101"])
        users = get_user_model()
        self.people = {}
        for name, (code, role) in SEEDED_PEOPLE.items():
            user = users.objects.create_user(name, f"{name}@example.org", "a-long-test-passphrase")
            Membership.objects.create(user=user, org=self.orgs[code], role=role)
            self.people[name] = user
        item = get_framework("ita", 2565).checklist[0].code
        for code in ("5401", "540101", "5402"):
            save_checklist_entry(framework="ita", fiscal_year=2565, org=self.orgs[code], item=item,
                                 evidence_url="https://www.phrae.go.th/ita/o1.pdf", self_checked=True,
                                 acting_user=None, channel="cli")
        self.tokens = {name: create_token(user, acting_user=None, channel="cli", scopes=ALL_SCOPES)
                       for name, user in self.people.items()}


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    from django.db import transaction

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield Seeded()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def seeded_api(seeded, db, client, settings):
    """Rate limits out of the way; their counters (in the cache, by token id and address) cleared before and after,
    so many requests here do not trip the limit for the tests that follow."""
    from django.core.cache import cache

    settings.GOVKPI_API_RATE = settings.GOVKPI_API_ANON_RATE = "1000000/min"
    cache.clear()
    yield Api(client, seeded.tokens)
    cache.clear()
