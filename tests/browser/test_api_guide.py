"""A newcomer to the API, in a real browser: signs in, creates a token on the tokens page, reads it off the page,
opens the API guide and runs its Python script (as a separate process, against the live server) through a whole
reporting cycle; then revokes the token and the script is refused. Axe-core checks both pages; the interactive
reference (Swagger UI) renders under the site's real Content-Security-Policy."""

from __future__ import annotations

import io
import os
import subprocess
import sys

import pytest
from django.core.management import call_command

from govkpi.accounts.models import ApiToken, hash_token
from govkpi.api.main import api as ninja_api
from govkpi.results.models import Result
from tests.results.builders import PASSWORD, build_world

from .conftest import axe_violations, new_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(transactional_db):
    return build_world()


def sign_in(browser, live_server, username):
    tab = new_context(browser, permissions=["clipboard-read", "clipboard-write"]).new_page()
    tab.goto(live_server.url + "/accounts/login/")
    tab.get_by_label("ชื่อผู้ใช้").fill(username)
    tab.get_by_label("รหัสผ่าน").fill(PASSWORD)
    with tab.expect_navigation():
        tab.get_by_role("button", name="เข้าสู่ระบบ").click()
    return tab


def run_script(script, live_server, reporter_token, approver_token):
    env = {
        "PATH": os.environ.get("PATH", ""),
        "GOVKPI_URL": live_server.url,
        "GOVKPI_REPORTER_TOKEN": reporter_token,
        "GOVKPI_APPROVER_TOKEN": approver_token,
        "GOVKPI_INDICATOR": "I-MEAN",
        "GOVKPI_ORG": "5401",
        "GOVKPI_PERIOD": "2565-Q2",
        "GOVKPI_VALUE": "75",
    }
    return subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60)


def test_a_newcomer_gets_a_token_and_the_guides_script_completes_the_cycle(browser, live_server, world, artifacts):
    tab = sign_in(browser, live_server, "rep5401")
    with tab.expect_navigation():
        tab.get_by_role("navigation", name="เมนูหลัก").get_by_role("link", name="โทเคน API").click()
    assert tab.get_by_role("heading", level=1, name="โทเคน API").is_visible()
    tab.get_by_label("ชื่อ", exact=True).fill("ระบบข้อมูลอำเภอ")
    tab.get_by_label("หมดอายุ", exact=True).select_option(label="ใน 30 วัน")
    assert not tab.get_by_role("checkbox", name="เขียน", exact=False).is_checked()  # read only unless ticked
    tab.get_by_role("checkbox", name="เขียน", exact=False).check()  # the guide's cycle writes: tick Write
    with tab.expect_navigation():
        tab.get_by_role("button", name="สร้างโทเคน").click()
    token = tab.inner_text("#new-token").strip()
    row = ApiToken.objects.get(digest=hash_token(token))
    assert token.startswith("gk_") and row.name == "ระบบข้อมูลอำเภอ" and row.scope_list() == ["read", "write"]
    assert "แสดงเพียงครั้งนี้ครั้งเดียว" in tab.inner_text("main")
    tab.get_by_role("button", name="คัดลอก", exact=True).click()
    tab.wait_for_function("document.getElementById('copy-status').textContent === 'คัดลอกแล้ว'")
    assert tab.evaluate("navigator.clipboard.readText()") == token
    tab.screenshot(path=str(artifacts / "api-token-created.png"), full_page=True)
    assert axe_violations(tab) == []

    out = io.StringIO()
    call_command("token", "create", "app5401", "--name", "approvals", "--scope", "write", stdout=out,
                 stderr=io.StringIO())
    approver_token = out.getvalue().strip().splitlines()[-1]

    with tab.expect_navigation():
        tab.locator("footer a[href='/api/v1/docs']").click()
    assert tab.locator("#operation-table tbody tr").count() == sum(
        1 for item in ninja_api.get_openapi_schema()["paths"].values() for method in item
        if method in ("get", "post", "put", "patch", "delete"))
    tab.screenshot(path=str(artifacts / "api-guide.png"), full_page=True)
    assert axe_violations(tab) == []
    script = tab.inner_text("#cycle-python")

    done = run_script(script, live_server, token, approver_token)
    assert done.returncode == 0, done.stderr + done.stdout
    assert [line.split()[0] for line in done.stdout.splitlines()] == ["saved", "submitted", "approved", "score"]
    result = Result.objects.get(indicator__code="I-MEAN", org__code="5401", period="2565-Q2")
    assert (result.status, result.value) == ("approved", 75)

    tab.goto(live_server.url + "/accounts/tokens/")
    listing = tab.inner_text("#tokens")
    assert token not in tab.content() and "ระบบข้อมูลอำเภอ" in listing and "ไม่เคย" not in listing  # used just now
    with tab.expect_navigation():
        tab.get_by_role("button", name=f"เพิกถอน… {token[:10]}").click()
    with tab.expect_navigation():
        tab.get_by_role("button", name="ยืนยัน เพิกถอน").click()
    assert "เพิกถอนโทเคน" in tab.inner_text("main") and "เพิกถอนแล้ว" in tab.inner_text("#tokens")
    refused = run_script(script, live_server, token, approver_token)
    assert refused.returncode == 1 and "401 unauthenticated" in refused.stderr
    tab.context.close()


def test_the_interactive_reference_renders_under_the_content_security_policy(browser, live_server, world):
    page = new_context(browser, bypass_csp=False).new_page()
    page.add_init_script("window.__csp = []; document.addEventListener('securitypolicyviolation',"
                         " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));")
    errors: list[str] = []
    requests: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("request", lambda request: requests.append(request.url))
    response = page.goto(live_server.url + "/api/v1/reference")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_selector(".opblock")
    operations = sum(1 for item in ninja_api.get_openapi_schema()["paths"].values() for method in item
                     if method in ("get", "post", "put", "patch", "delete"))
    assert page.locator(".opblock").count() == operations
    page.locator(".opblock-summary", has_text="/api/v1/tokens").first.click()
    assert page.evaluate("window.__csp") == [] and errors == []
    assert all(url.startswith(live_server.url) for url in requests)
    page.context.close()
