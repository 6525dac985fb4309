"""Officers generate and publish documents from the web; the public sees only what is published."""

import pytest
from django.contrib.auth.models import Permission, User

from govkpi.audit.models import AuditEvent
from govkpi.reports.actions import generate_document
from govkpi.reports.models import GeneratedDocument

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(db):
    user = User.objects.create_user("officer", password="x")
    user.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["add_generateddocument", "view_generateddocument", "publish_generateddocument"]
        )
    )
    return user


@pytest.fixture
def documents(demo, db):
    public = generate_document(
        kind="press-release", fiscal_year=2565, fmt="md", publish=True, acting_user=None, channel="cli"
    )
    draft = generate_document(kind="press-release", fiscal_year=2565, fmt="html", acting_user=None, channel="cli")
    return public, draft


def test_the_public_list_shows_published_documents_only(documents, client, django_assert_max_num_queries):
    public, draft = documents
    with django_assert_max_num_queries(3):
        html = client.get("/reports/").content.decode()
    assert f"/reports/{public.pk}/{public.filename}" in html
    assert f"/reports/{draft.pk}/" not in html


def test_a_visitor_downloads_a_published_document_but_not_a_draft(documents, client):
    public, draft = documents
    response = client.get(f"/reports/{public.pk}/{public.filename}")
    assert response.status_code == 200 and "[๗๒](" in response.content.decode()
    assert client.get(f"/reports/{draft.pk}/{draft.filename}").status_code == 404


def test_a_published_html_document_may_style_itself_but_never_run_a_script(demo, db, client):
    document = generate_document(
        kind="press-release", fiscal_year=2565, fmt="html", publish=True, acting_user=None, channel="cli"
    )
    policy = client.get(f"/reports/{document.pk}/{document.filename}")["Content-Security-Policy"]
    assert "style-src 'unsafe-inline'" in policy and "script-src" not in policy and "default-src 'none'" in policy


def test_a_visitor_cannot_open_the_officer_page(demo, client):
    assert client.get("/reports/generate/").status_code == 302


def test_a_user_without_the_permission_is_refused(demo, client):
    client.force_login(User.objects.create_user("reader", password="x"))
    assert client.get("/reports/generate/").status_code == 403


def test_an_officer_generates_a_document_and_the_audit_log_says_so(demo, client, officer):
    client.force_login(officer)
    response = client.post(
        "/reports/generate/",
        {
            "kind": "press-release",
            "fiscal_year": "2565",
            "format": "docx",
            "lang": "th",
            "digits": "thai",
            "publish": "on",
        },
    )
    assert response.status_code == 302
    document = GeneratedDocument.objects.get()
    assert (document.format, document.published, document.created_by) == ("docx", True, officer)
    assert AuditEvent.objects.filter(action="report.generate", actor=officer).exists()


def test_the_annual_report_is_refused_as_docx(demo, client, officer):
    client.force_login(officer)
    response = client.post(
        "/reports/generate/",
        {"kind": "annual", "fiscal_year": "2565", "format": "docx", "lang": "th", "digits": "thai"},
    )
    assert response.status_code == 200 and not GeneratedDocument.objects.exists()


def test_publishing_a_new_version_withdraws_the_old_one(documents, client, officer):
    public, _draft = documents
    newer = generate_document(kind="press-release", fiscal_year=2565, fmt="md", acting_user=None, channel="cli")
    client.force_login(officer)
    client.post(f"/reports/{newer.pk}/publish/", {"published": "1"})
    public.refresh_from_db()
    newer.refresh_from_db()
    assert (public.published, newer.published) == (False, True)
    assert AuditEvent.objects.filter(action="report.publish", object_key=str(newer.pk)).exists()
