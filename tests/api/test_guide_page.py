"""The API guide `/api/v1/docs`: every operation of the schema in its table, the links to the reference, Thai and
English, and a Python script that really completes the reporting cycle against a running server."""

import html
import os
import re
import subprocess
import sys

import pytest

from govkpi.accounts.actions import create_token
from govkpi.api.main import api as ninja_api
from govkpi.api.views import EXAMPLE
from govkpi.results.models import Result

URL = "/api/v1/docs"
METHODS = ("get", "post", "put", "patch", "delete")


def schema_operations():
    schema = ninja_api.get_openapi_schema()
    for path, item in schema["paths"].items():
        for method in METHODS:
            if method in item:
                yield method.upper(), path, item[method]


def table_rows(page):
    table = page[page.index('id="operation-table"'):]
    table = table[:table.index("</table>")]
    rows = re.findall(r"<tr><td><code>(\w+)</code></td><td><code>([^<]+)</code></td><td>([^<]*)</td><td>([^<]+)</td>",
                      table)
    return [(method, html.unescape(path), html.unescape(summary), token) for method, path, summary, token in rows]


def script_of(page):
    match = re.search(r'<code id="cycle-python">(.*?)</code>', page, re.S)
    return html.unescape(match.group(1))


def test_the_guide_lists_every_operation_of_the_schema(client, db):
    page = client.get(URL, headers={"Accept-Language": "en"}).content.decode()
    rows = table_rows(page)
    expected = [(method, path, operation.get("summary", "")) for method, path, operation in schema_operations()]
    assert [(method, path, summary) for method, path, summary, _token in rows] == expected
    assert len(rows) >= 8 and f"{len(rows)} operations" in page


def test_the_guide_says_which_operations_are_public(client, db):
    rows = {(method, path): token for method, path, _s, token in
            table_rows(client.get(URL, headers={"Accept-Language": "en"}).content.decode())}
    assert rows[("GET", "/api/v1/results")] == "optional (public)"
    assert rows[("POST", "/api/v1/results")] == "required"
    assert rows[("POST", "/api/v1/tokens")] == "required"
    assert rows[("DELETE", "/api/v1/tokens/{pk}")] == "required"
    for method, path, operation in schema_operations():
        public = {} in operation.get("security", [])
        assert rows[(method, path)] == ("optional (public)" if public else "required")


def test_the_guide_links_the_reference_the_schema_and_the_tokens_page(client, db):
    page = client.get(URL, headers={"Accept-Language": "en"}).content.decode()
    for link in ('href="/api/v1/reference"', 'href="/api/v1/openapi.json"', 'href="/accounts/tokens/"'):
        assert link in page
    assert client.get("/api/v1/openapi.json").status_code == 200
    assert client.get("/api/v1/reference").status_code == 200
    for anchor in ("#token", "#auth", "#errors", "#lists", "#caching", "#limits", "#cycle", "#operations"):
        assert f'href="{anchor}"' in page
    for words in ("govkpi token create", "Authorization: Bearer", "If-None-Match", "Retry-After", "page_size",
                  "ordering", "429", "rate_limited", "600/min"):
        assert words in page


def test_the_guide_is_linked_from_every_pages_footer(client, db):
    assert f'href="{URL}"' in client.get("/").content.decode()


def test_the_guide_speaks_thai_by_default_and_english_on_request(client, db):
    thai = client.get(URL).content.decode()
    assert '<html lang="th">' in thai and "คู่มือ API" in thai and "ทุกคำสั่งของ API" in thai
    english = client.get(URL, headers={"Accept-Language": "en"}).content.decode()
    assert '<html lang="en">' in english and "API guide" in english and "Every operation" in english


def test_the_curl_commands_use_this_sites_address(client, db):
    page = client.get(URL, headers={"Accept-Language": "en"}).content.decode()
    assert "export GOVKPI_URL=http://testserver\n" in page
    curl = html.unescape(re.search(r'<code id="cycle-curl">(.*?)</code>', page, re.S).group(1))
    for step in ("/api/v1/results\"", "/results/42/submit", "/results/42/approve", "/api/v1/scores?fiscal_year="):
        assert step in curl


def test_the_script_on_the_page_is_the_tested_example(client, db):
    page = client.get(URL, headers={"Accept-Language": "en"}).content.decode()
    script = script_of(page)
    assert script == EXAMPLE.read_text(encoding="utf-8")
    compile(script, "cycle.py", "exec")
    assert "import requests" not in script and "urllib.request" in script


@pytest.mark.django_db(transaction=True)
def test_the_script_completes_the_cycle_against_a_live_server(client, live_server, world):
    script = script_of(client.get(URL, headers={"Accept-Language": "en"}).content.decode())
    env = {
        "PATH": os.environ.get("PATH", ""),
        "GOVKPI_URL": live_server.url,
        "GOVKPI_REPORTER_TOKEN": create_token(world.people["rep5401"], acting_user=None, channel="cli",
                                              scopes=["write"]),
        "GOVKPI_APPROVER_TOKEN": create_token(world.people["app5401"], acting_user=None, channel="cli",
                                              scopes=["write"]),
        "GOVKPI_INDICATOR": "I-MEAN",
        "GOVKPI_ORG": "5401",
        "GOVKPI_PERIOD": "2565-Q1",
        "GOVKPI_VALUE": "50",
    }
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr + done.stdout
    lines = done.stdout.strip().splitlines()
    assert [line.split()[0] for line in lines] == ["saved", "submitted", "approved", "score"]
    assert lines[0].endswith("draft") and lines[1].endswith("submitted") and lines[2].endswith("approved")
    assert lines[3].startswith("score 5401 2565 ")
    result = Result.objects.get(indicator__code="I-MEAN", org__code="5401", period="2565-Q1")
    assert (result.status, result.value) == ("approved", 50)
    assert set(result.events.values_list("channel", flat=True)) == {"api"}


@pytest.mark.django_db(transaction=True)
def test_the_script_stops_with_the_apis_error(client, live_server, world):
    script = script_of(client.get(URL, headers={"Accept-Language": "en"}).content.decode())
    env = {"PATH": os.environ.get("PATH", ""), "GOVKPI_URL": live_server.url, "GOVKPI_REPORTER_TOKEN": "gk_wrong",
           "GOVKPI_APPROVER_TOKEN": "gk_wrong", "GOVKPI_INDICATOR": "I-MEAN", "GOVKPI_ORG": "5401"}
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and "401 unauthenticated" in done.stderr


def test_the_guide_explains_scopes_and_gives_each_operations_scope(client, db):
    page = client.get(URL, headers={"Accept-Language": "en"}).content.decode()
    assert "Tick <strong>Write</strong>" in page and "--scope write" in page
    table = page[page.index('id="operation-table"'):]
    scopes = dict(((method, html.unescape(path)), scope) for method, path, scope in re.findall(
        r"<tr><td><code>(\w+)</code></td><td><code>([^<]+)</code></td>.*?<td><code>(\w+)</code></td></tr>", table))
    assert scopes[("GET", "/api/v1/results")] == "read" and scopes[("POST", "/api/v1/results")] == "write"
    assert scopes[("POST", "/api/v1/tokens")] == "tokens"
    assert len(scopes) == len(list(schema_operations()))
    thai = client.get(URL).content.decode()
    assert "เลือก <strong>เขียน</strong>" in thai and "ขอบเขตสิทธิ์ของโทเคน" in thai
