"""Every page says: no framing, no sniffing, same-origin referrers, and a CSP allowing the site's own files only."""

from __future__ import annotations

import pytest

from govkpi.ops.csp import policy

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/", "/admin/login/", "/no-such-page/"])
def test_pages_carry_the_security_headers(client, path):
    response = client.get(path)
    assert response.status_code in (200, 302, 404)
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "object-src 'none'" in csp and "frame-ancestors 'none'" in csp


def test_the_policy_allows_no_inline_code_and_no_other_site():
    directives = dict(part.split(" ", 1) for part in policy().split("; "))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert "unsafe-inline" not in policy() and "unsafe-eval" not in policy() and "*" not in policy()


def test_a_nonce_is_added_only_when_a_template_asks_for_one(rf):
    from django.http import HttpResponse

    from govkpi.ops.csp import ContentSecurityPolicyMiddleware

    def view(request):
        return HttpResponse(f'<script nonce="{request.csp_nonce}">1</script>')

    response = ContentSecurityPolicyMiddleware(view)(rf.get("/"))
    nonce = response.content.decode().split('"')[1]
    assert len(nonce) >= 16
    assert f"script-src 'self' 'nonce-{nonce}'" in response["Content-Security-Policy"]
    plain = ContentSecurityPolicyMiddleware(lambda request: HttpResponse("x"))(rf.get("/"))
    assert "nonce-" not in plain["Content-Security-Policy"]


# Standalone documents (the report rendered to a PDF or a downloaded .html file), never served as a site page.
DOCUMENTS = {"reports/templates/reports/document.html"}


def test_no_page_template_has_inline_script_or_style_without_a_nonce():
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "govkpi"
    offenders = []
    for template in root.glob("*/templates/**/*.html"):
        if str(template.relative_to(root)) in DOCUMENTS:
            continue
        text = template.read_text(encoding="utf-8")
        for tag in re.findall(r"<(?:script|style)\b[^>]*>", text):
            if "src=" not in tag and "nonce=" not in tag and 'type="application/json"' not in tag:
                offenders.append(f"{template.relative_to(root)}: {tag}")
        for tag in re.findall(r"<[a-zA-Z][^>]*>", text):  # real tags only (not &lt;escaped&gt; examples)
            if re.search(r"\s(on[a-z]+|style)=", tag):
                offenders.append(f"{template.relative_to(root)}: inline handler or style attribute in {tag}")
    assert offenders == []
