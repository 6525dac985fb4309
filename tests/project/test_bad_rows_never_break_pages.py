"""Stored rows that break the result rules (written by SQL, an older version, a restore) never make a page answer 500.

The Phrae demo is loaded, then rows no entry point accepts are written by SQL, bypassing the models: an approved
half year beside approved quarters (overlap), approved values of 1e29, 1e308 and ±infinity (and NaN where the
database keeps it: PostgreSQL), periods that are no period (``9999-Q1``, ``abc``), ratio rows with a negative
denominator or a numerator above the denominator, a plain indicator with numerator and denominator, a result of an
organisation that does not report the indicator, a note of 100,000 characters, a submitted 1e29 waiting for
approval, criteria whose thresholds are out of order and a policy whose "at risk" lies above "achieved".

Then every public page reachable from the home page (Thai, and English with Thai digits), every read of the API
(anonymous and with the province admin's token), the internal pages of a province admin and an approver, and the
generated reports are asked for: none answers 5xx. ``govkpi check-data`` names every row written.
"""

from __future__ import annotations

import html
import io
import json
import re
import traceback
from collections import deque
from urllib.parse import urljoin, urlsplit

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client

from govkpi.plans.models import Criterion, Indicator, ScoringPolicy
from govkpi.results.models import Result

LIMIT = 400
SKIPPED = ("/admin/", "/static/", "/media/", "/i18n/", "/accounts/logout")
INF = float("inf")


def _pk(model, **filters) -> int:
    return model.objects.filter(**filters).values_list("pk", flat=True).get()


def put(indicator, org, period, fiscal_year, *, status="approved", value=None, numerator=None, denominator=None,
        note=""):
    """Write one result by SQL — an UPDATE of the row with this key when there is one, else an INSERT."""
    from govkpi.orgs.models import OrgUnit

    indicator_id, org_id = _pk(Indicator, code=indicator), _pk(OrgUnit, code=org)
    table = Result._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM {table} WHERE indicator_id = %s AND org_id = %s AND period = %s",
                       [indicator_id, org_id, period])
        row = cursor.fetchone()
        values = [fiscal_year, value, numerator, denominator, status, note]
        if row is not None:
            cursor.execute(f"UPDATE {table} SET fiscal_year = %s, value = %s, numerator = %s, denominator = %s,"
                           f" status = %s, note = %s WHERE id = %s", [*values, row[0]])
            return row[0]
        cursor.execute(
            f"INSERT INTO {table} (indicator_id, org_id, period, fiscal_year, value, numerator, denominator, status,"
            " note, evidence_url, created_at, updated_at, extra)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, '', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, '{}')",
            [indicator_id, org_id, period, *values],
        )
    return Result.objects.values_list("pk", flat=True).get(indicator_id=indicator_id, org_id=org_id, period=period)


# (indicator, organisation, period, fiscal year, columns): each breaks at least one rule
BAD_RESULTS = [
    ("G01-1", "5401", "2565-H1", 2565, {"value": 5.0}),  # beside the approved quarters
    ("G12-1", "5406", "2565-Q4", 2565, {"value": 1e29}),
    ("G02-2", "5403", "2565", 2565, {"value": 1e308}),
    ("G02-2", "5404", "2565", 2565, {"value": INF}),
    ("G06-1", "5401", "2565-Q4", 2565, {"value": -INF}),
    ("G06-1", "5402", "2565-Q4", 2565, {"value": 1e308}),  # "last": the district's value itself
    ("G01-1", "5402", "9999-Q1", 9999, {"value": 3.0}),
    ("G01-1", "5403", "abc", 2565, {"value": 3.0}),
    ("G02-1", "5401", "2565", 2565, {"numerator": 1.0, "denominator": -2.0}),
    ("G02-1", "5402", "2565", 2565, {"numerator": 300.0, "denominator": 200.0}),
    ("G05-3", "5401", "2565-Q1", 2565, {"value": 1.0, "numerator": 1.0, "denominator": 2.0}),
    ("G01-1", "54-PAO", "2565-Q1", 2565, {"value": 4.0}),  # 54-PAO does not report G01-1
    ("G08-2", "5401", "2565-Q1", 2565, {"value": 71.0, "note": "ยาว " * 25_000}),  # 100,000 characters
    ("G08-2", "5405", "2565-Q4", 2565, {"value": 1e29, "status": "submitted"}),  # in the approver's queue
]
NAN_RESULT = ("G02-2", "5405", "2565", 2565, {"value": float("nan")})  # SQLite keeps NaN as NULL: PostgreSQL only
BROKEN_CRITERION = "G03-1"


def write_bad_rows() -> dict[str, object]:
    rows = list(BAD_RESULTS)
    if connection.vendor == "postgresql":  # double precision keeps NaN; SQLite would store NULL
        rows.append(NAN_RESULT)
    ids = {}
    for indicator, org, period, year, columns in rows:
        ids[(indicator, org, period)] = put(indicator, org, period, year, **columns)
    criterion = Criterion.objects.filter(indicator__code=BROKEN_CRITERION, org__isnull=True, fiscal_year=2565).get()
    policy = ScoringPolicy.objects.get(fiscal_year=2565)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {Criterion._meta.db_table} SET level1 = %s, level2 = %s, level3 = %s, level4 = %s,"
                       " level5 = %s WHERE id = %s", [50.0, 99.0, 10.0, 95.0, 20.0, criterion.pk])
        cursor.execute(f"UPDATE {ScoringPolicy._meta.db_table} SET at_risk_from = %s, achieved_from = %s"
                       " WHERE id = %s", [4.0, 3.0, policy.pk])
    return {"results": ids, "rows": rows}


class People:
    def __init__(self) -> None:
        from django.contrib.auth import get_user_model

        from govkpi.accounts.actions import create_token
        from govkpi.accounts.models import Membership
        from govkpi.orgs.models import OrgUnit

        users = get_user_model()
        province = OrgUnit.objects.get(code="54")
        self.admin = users.objects.create_user("bad-rows-admin", "a@example.org", "a-long-test-passphrase")
        Membership.objects.create(user=self.admin, org=province, role="admin")
        self.approver = users.objects.create_user("bad-rows-approver", "b@example.org", "a-long-test-passphrase")
        Membership.objects.create(user=self.approver, org=province, role="approver")
        self.token = create_token(self.admin, acting_user=None, channel="cli")


@pytest.fixture(scope="module")
def bad(django_db_setup, django_db_blocker):
    """The demo with the bad rows, loaded once for the module and rolled back after it."""
    from govkpi.demo.actions import load_demo

    with django_db_blocker.unblock(), transaction.atomic():
        load_demo()
        people = People()
        written = write_bad_rows()
        yield {"people": people, **written}
        transaction.set_rollback(True)


@pytest.fixture
def quiet(bad, db, settings):
    """Rate limits out of the way, the page cache empty (pages of another test must not answer for these)."""
    settings.GOVKPI_API_RATE = settings.GOVKPI_API_ANON_RATE = "1000000/min"
    cache.clear()
    yield bad
    cache.clear()


class Visits:
    """A client that never raises: every answer of 500 or more is kept with its traceback, and reported at once."""

    def __init__(self, language: str = "th", digits: str = "arabic", user=None) -> None:
        self.client = Client(raise_request_exception=False)
        self.failures: list[str] = []
        self.count = 0
        if user is not None:
            self.client.force_login(user)
        # the switches in the header of every page: they post, and set the visitor's cookies
        self._check("/i18n/setlang/", self.client.post("/i18n/setlang/", {"language": language, "next": "/"}))
        self._check("/digits/", self.client.post("/digits/", {"digits": digits, "next": "/"}))
        assert self.client.cookies[settings.LANGUAGE_COOKIE_NAME].value == language
        assert self.client.cookies["digits"].value == digits

    def get(self, path: str, **headers: str):
        return self._check(path, self.client.get(path, headers=headers or None))

    def post(self, path: str, data: dict[str, str]):
        return self._check(path, self.client.post(path, data))

    def _check(self, path: str, response):
        self.count += 1
        if response.streaming:  # a generator fails while it is read, not when the view returns
            try:
                response.content = b"".join(response.streaming_content)
            except Exception:  # noqa: BLE001 — reported as a failure of this address
                self.failures.append(f"{path}: streaming failed\n{traceback.format_exc()}")
                return response
        if response.status_code >= 500:
            detail = "".join(traceback.format_exception(*response.exc_info)) if response.exc_info else ""
            self.failures.append(f"{path}: {response.status_code}\n{detail}")
        return response

    def check(self) -> None:
        assert not self.failures, f"{len(self.failures)} of {self.count} answers failed:\n" + "\n".join(
            self.failures[:10])


def links(path: str, body: str) -> list[str]:
    """Same-site links of a page (``href`` and ``src``; forms post, so their ``action`` is not followed)."""
    found = []
    for href in re.findall(r'(?:href|src)="([^"#]*)', body):
        target = urlsplit(urljoin(path, html.unescape(href)))
        if target.netloc and target.netloc != "testserver" or not target.path.startswith("/"):
            continue
        if target.path.startswith(SKIPPED):
            continue
        found.append(target.path + (f"?{target.query}" if target.query else ""))
    return found


def crawl(visits: Visits, starts: list[str], limit: int = LIMIT) -> dict[str, int]:
    """Breadth first from ``starts`` along same-site links (query strings kept), up to ``limit`` addresses."""
    seen: dict[str, int] = {}
    queue = deque(starts)
    while queue and len(seen) < limit:
        path = queue.popleft()
        if path in seen:
            continue
        response = visits.get(path)
        seen[path] = response.status_code
        if "html" in response.get("Content-Type", "") and response.status_code == 200:
            queue.extend(link for link in links(path, response.content.decode("utf-8", errors="replace"))
                         if link not in seen)
    return seen


def text_of(response) -> str:
    body = re.sub(r"<script.*?</script>", " ", response.content.decode(), flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def strict_json(body: bytes):
    """JSON as a browser reads it: ``Infinity`` and ``NaN`` are not JSON."""

    def refuse(constant: str):
        raise ValueError(f"{constant} is not JSON")

    return json.loads(body, parse_constant=refuse)


# --- public pages -------------------------------------------------------------------------------------------------


def test_every_public_page_answers_in_thai_and_in_english(quiet):
    thai = Visits()
    pages = crawl(thai, ["/"])
    assert len(pages) >= 100, sorted(pages)
    for must in ("/orgs/5401/", "/indicators/G02-2/", "/goals/G01/", "/rankings/", "/open-data/", "/embed/"):
        assert any(path.startswith(must) for path in pages), must
    english = Visits("en", "thai")
    crawl(english, ["/", "/orgs/5401/", "/orgs/5406/", "/indicators/G12-1/", "/indicators/G02-2/",
                    "/indicators/G06-1/", "/indicators/G03-1/", "/embed/indicators/G02-2/", "/embed/orgs/5403/"])
    thai.check()
    english.check()


def test_every_page_of_a_flagged_indicator_and_organisation(quiet):
    """Straight at the pages that carry the bad rows, in both languages and both kinds of digits."""
    paths = ["/", "/rankings/", f"/indicators/{BROKEN_CRITERION}/", f"/goals/{BROKEN_CRITERION[:3]}/"]
    for indicator, org, _period, _year, _columns in quiet["rows"]:
        paths += [f"/indicators/{indicator}/", f"/embed/indicators/{indicator}/", f"/goals/{indicator[:3]}/",
                  f"/orgs/{org}/", f"/embed/orgs/{org}/"]
        paths += [f"/indicators/{indicator}/?fy=2565&sort={key}&order={order}"
                  for key in ("name", "kind", "value", "score") for order in ("asc", "desc")]
    for language, digits in (("th", "arabic"), ("en", "thai")):
        visits = Visits(language, digits)
        for path in dict.fromkeys(paths):
            visits.get(path)
        visits.check()


def test_the_pages_say_which_indicator_has_a_data_problem_and_why(quiet):
    thai = Visits()
    home = text_of(thai.get("/"))
    assert "G02-2 ⚠ ปัญหาข้อมูล:" in home  # below the goal's figures, the indicator and why
    assert "ไม่ใช่จำนวนที่มีค่าจำกัด" in home  # “inf” is not a finite number (in a district)
    assert "⚠ ปัญหาข้อมูล: นโยบายการให้คะแนนของปีนี้ใช้ไม่ได้" in home  # the policy, beside the overall score
    district = text_of(thai.get("/orgs/5403/"))
    assert re.search(r"G02-2 .*? – .*?⚠ ปัญหาข้อมูล: 2565: 1e\+308 มากเกินไป", district)
    english = Visits("en")
    criteria = text_of(english.get(f"/indicators/{BROKEN_CRITERION}/"))
    assert "Score ⚠ Data problem: the criteria's thresholds are out of order" in criteria
    goal = text_of(english.get("/goals/G01/"))
    assert "overlapping periods 2565-H1 and 2565-Q1" in text_of(english.get("/indicators/G01-1/"))
    assert "Data problem: in an organisation below:" in goal
    thai.check()
    english.check()


# --- the API ------------------------------------------------------------------------------------------------------

PREFIX = "/api/v1"
QUERIES = {  # operations that need query parameters, and lists asked for the bad rows
    "/assessments/summary": [f"framework={name}&fiscal_year=2565" for name in ("ita", "gecc", "pmqa", "moral")],
    "/assessments/readiness": ["framework=ita&fiscal_year=2565"],
    "/assessments/checklist": ["framework=ita&fiscal_year=2565&org=5401"],
    "/claims/check": ["fiscal_year=2565"],
    "/scores": ["", "fiscal_year=2565", "fiscal_year=9999", "org=54-PAO",
                *(f"org={org}" for org in ("5401", "5402", "5403", "5404", "5405", "5406"))],
    "/results": ["", "page_size=200", "fiscal_year=9999", "period=abc", "period=9999-Q1", "status=submitted",
                 "ordering=-period", *(f"indicator={code}&page_size=200" for code in
                                       ("G01-1", "G02-1", "G02-2", "G05-3", "G06-1", "G08-2", "G12-1"))],
}
DETAILS = {  # {name} of a detail operation → the values to ask for (others: the first rows of the list)
    "/orgs/{code}": ["54", "5401", "5406", "54-PAO"],
    "/goals/{code}": ["G01", "G02", "G03", "G12"],
    "/indicators/{code}": ["G01-1", "G02-2", "G03-1", "G12-1"],
    "/policies/{fiscal_year}": ["2565"],
    "/plans/{code}": ["NS", "PHRAE-2566-2570"],
    "/plans/{code}/progress": ["NS", "PHRAE-2566-2570"],
    "/budget/{fiscal_year}": ["2565", "2566"],
    "/projects/{code}": ["P2565-001", "P2565-002", "NOPE"],
}


def api_reads(visits: Visits, results: list[int], headers: dict[str, str]) -> None:
    """Every GET operation of the OpenAPI description (as served), detail operations with real codes and ids."""
    schema = visits.get(f"{PREFIX}/openapi.json", **headers)
    assert schema.status_code == 200
    for path, operations in strict_json(schema.content)["paths"].items():
        if "get" not in operations:
            continue
        short = path[len(PREFIX):]
        name = re.search(r"\{(\w+)\}", short)
        if name is None:
            for query in QUERIES.get(short, [""]):
                visits.get(f"{path}?{query}" if query else path, **headers)
            continue
        values = [str(pk) for pk in results] if short == "/results/{pk}" else DETAILS.get(short)
        if values is None:  # the first rows of the list
            listed = visits.get(PREFIX + short[: name.start()].rstrip("/"), **headers)
            rows = listed.json().get("results", []) if listed.status_code == 200 else []
            values = [str(row.get(name.group(1), row.get("id"))) for row in rows[:3]]
        for value in values:
            answer = visits.get(path.replace(name.group(0), value), **headers)
            if answer.status_code == 200:
                strict_json(answer.content)


def test_every_api_read_answers_with_json(quiet):
    results = list(quiet["results"].values())
    for headers in ({}, {"Authorization": f"Bearer {quiet['people'].token}"}):
        visits = Visits()
        api_reads(visits, results, headers)
        visits.check()
        for query in QUERIES["/results"] + [f"org={org}" for org in ("5403", "5404")]:
            strict_json(visits.get(f"{PREFIX}/results?{query}", **headers).content)
        for query in QUERIES["/scores"]:
            strict_json(visits.get(f"{PREFIX}/scores?{query}", **headers).content)
    anonymous = Visits().get(f"{PREFIX}/results?indicator=G02-2&page_size=200")
    values = {row["org"]: row["value"] for row in strict_json(anonymous.content)["results"]}
    assert values["5403"] == 1e308 and values["5404"] is None  # infinity has no JSON: null, as NaN would be


# --- open data ----------------------------------------------------------------------------------------------------


def test_open_data_files_stay_readable(quiet):
    visits = Visits()
    for name in ("results", "scorecards"):
        strict_json(visits.get(f"/open-data/{name}.json").content)
        csv = visits.get(f"/open-data/{name}.csv").content.decode("utf-8-sig")
        assert "inf" not in csv.lower().replace("info", "")
        assert visits.get(f"/open-data/{name}.xlsx").status_code == 200
    assert visits.get("/open-data/datapackage.zip").status_code == 200
    visits.check()


def test_the_dhis2_export_leaves_out_the_rows_that_break_the_rules(quiet):
    from govkpi.opendata.dhis2 import Mapping, export_values
    from govkpi.orgs.models import OrgUnit

    codes = {indicator for indicator, *_ in quiet["rows"]}
    mapping = Mapping({code: f"de-{code}" for code in codes},
                      {code: f"ou-{code}" for code in OrgUnit.objects.values_list("code", flat=True)})
    exported = export_values(2565, mapping)
    assert exported.refused >= 5  # abc, ±infinity, 1e308 (twice), 1e29
    assert all(value["value"] not in ("inf", "-inf", "nan") for value in exported.document["dataValues"])


# --- the officials' pages -----------------------------------------------------------------------------------------


def test_every_internal_page_answers_for_an_admin_and_an_approver(quiet):
    people = quiet["people"]
    for user in (people.admin, people.approver):
        visits = Visits(user=user)
        paths = ["/executive/", "/executive/?fy=2565", "/results/approvals/", "/results/", "/results/tasks/",
                 "/results/overdue/"]
        for (_indicator, org, period), pk in quiet["results"].items():
            paths += [f"/results/{pk}/history/", f"/results/entry/{org}/{period}/",
                      f"/results/entry/{org}/{period}/sheet/"]
        for path in paths:
            visits.get(path)
        crawl(visits, ["/executive/", "/results/approvals/", "/results/"], limit=150)
        visits.check()
    english = Visits("en", "thai", user=people.admin)
    for path in ("/executive/", "/results/approvals/", "/results/overdue/", "/results/"):
        english.get(path)
    english.check()


def test_the_approver_sees_the_problem_and_approving_does_not_fail(quiet):
    people = quiet["people"]
    visits = Visits("en", user=people.approver)
    queue = text_of(visits.get("/results/approvals/"))
    assert "Value: 1.00E+29" in queue and "Data problem: 1e+29 is too large" in queue
    pk = quiet["results"][("G08-2", "5405", "2565-Q4")]
    history = text_of(visits.get(f"/results/{pk}/history/"))
    assert "Data problem: 1e+29 is too large" in history
    visits.post(f"/results/{pk}/decide/", {"decision": "approve", "comment": "ok"})
    for path in ("/", "/orgs/5405/", "/indicators/G08-2/", "/executive/", f"/results/{pk}/history/"):
        visits.get(path)
    visits.check()


# --- reports ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind,formats", [("press-release", ("html", "md", "docx")), ("annual", ("html",))])
def test_the_reports_are_generated(quiet, kind, formats):
    from govkpi.reports.generate import build, render

    for lang, digits in (("th", "thai"), ("en", "arabic")):
        document = build(kind, 2565, lang, digits)
        for fmt in formats:
            assert render(document, fmt)


# --- govkpi check-data --------------------------------------------------------------------------------------------


def test_check_data_names_every_row_written(quiet):
    out = io.StringIO()
    try:
        call_command("check_data", "--format", "json", "--lang", "en", stdout=out)
        code = 0
    except SystemExit as stop:
        code = stop.code
    assert code == 1
    listed = json.loads(out.getvalue())
    found = {(row["table"], row["org"], row["indicator"], row["period"]) for row in listed}

    def named(indicator: str, org: str, period: str, rows: set) -> bool:
        if ("results", org, indicator, period) in rows:
            return True
        # an overlap is one problem of two rows: check-data names the row that sorts later and the other in the
        # reason ("2565-Q1 overlaps 2565-H1")
        return any(row["code"] == "overlap_db" and (row["org"], row["indicator"]) == (org, indicator)
                   and period in row["reason"] for row in listed)

    for indicator, org, period, _year, _columns in quiet["rows"]:
        assert named(indicator, org, period, found), (indicator, org, period)
    assert ("criteria", "", BROKEN_CRITERION, "2565") in found
    assert ("scoring_policy", "", "", "2565") in found
    table = io.StringIO()
    with pytest.raises(SystemExit) as stop:
        call_command("check_data", "--lang", "en", stdout=table)
    assert stop.value.code == 1
    lines = {tuple(line.split("\t")[:5]) for line in table.getvalue().splitlines()}
    shown = {(table_name, org, indicator, period) for table_name, _id, org, indicator, period in
             (line for line in lines if len(line) == 5 and line[1].isdigit())}
    assert shown == found  # the table for people names the same rows as the JSON
