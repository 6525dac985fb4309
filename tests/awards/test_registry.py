"""The awards registry for officers: a province administrator adds and edits awards, attaches certificates and
links the assessment that earned an award; every write is audited; nobody else gets in."""

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from govkpi.accounts.models import Membership
from govkpi.assessments.models import Assessment
from govkpi.audit.models import AuditEvent
from govkpi.awards.models import Award
from govkpi.orgs.models import OrgUnit

pytestmark = pytest.mark.django_db
FORM = {
    "fiscal_year": 2565,
    "category": "ita",
    "title_th": "ITA ระดับ AA",
    "issuer": "สำนักงาน ป.ป.ช.",
    "recipient": "54",
    "quantity": 1,
    "date": "2022-09-20",
}


@pytest.fixture
def officer(awards, settings, tmp_path, client):
    settings.EVIDENCE_ROOT = tmp_path
    user = get_user_model().objects.create_user("officer", password="x")
    Membership.objects.create(user=user, org=OrgUnit.objects.get(code="54"), role="admin")
    client.force_login(user)
    return user


def test_an_administrator_adds_an_award_with_a_certificate_and_its_assessment(client, officer):
    data = {**FORM, "certificate": SimpleUploadedFile("cert.pdf", b"%PDF-1.4 cert"), "link_assessment": "on"}
    response = client.post(reverse("awards:create"), data)
    award = Award.objects.get(title_th="ITA ระดับ AA")
    assert response.status_code == 302
    assert award.assessment == Assessment.objects.get(framework="ita", org__code="54")
    assert award.certificate_name == "cert.pdf"
    download = client.get(reverse("awards:certificate", args=[award.pk]))
    assert b"".join(download.streaming_content) == b"%PDF-1.4 cert"
    assert AuditEvent.objects.filter(action="awards.award.add").count() == 1


def test_editing_changes_the_computed_total(client, officer):
    award = Award.objects.get(category="moral")
    data = {
        **FORM,
        "category": "moral",
        "title_th": award.title_th,
        "issuer": award.issuer,
        "recipient": "5402",
        "quantity": 50,
    }
    client.post(reverse("awards:edit", args=[award.pk]), data)
    assert Award.objects.get(pk=award.pk).quantity == 50
    from govkpi.awards.pages import awards_page

    assert awards_page("2565")["total"] == 71
    assert AuditEvent.objects.get(action="awards.award.change").changes["quantity"] == [51, 50]


def test_linking_an_assessment_that_does_not_exist_is_refused(client, officer):
    response = client.post(
        reverse("awards:create"), {**FORM, "category": "gecc", "link_assessment": "on"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    assert "There is no gecc 2565 result of 54 to link." in response.content.decode()
    assert not Award.objects.filter(title_th="ITA ระดับ AA").exists()


def test_an_unknown_recipient_is_refused(client, officer):
    response = client.post(reverse("awards:create"), {**FORM, "recipient": "99"})
    assert response.status_code == 200 and not Award.objects.filter(title_th="ITA ระดับ AA").exists()


def test_the_registry_lists_awards_with_their_expiry(client, officer, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        page = client.get(reverse("awards:registry"))
    assert page.status_code == 200
    assert len(page.context["lines"]) == 5


def test_a_reporter_cannot_open_the_registry(client, awards):
    user = get_user_model().objects.create_user("reporter", password="x")
    Membership.objects.create(user=user, org=OrgUnit.objects.get(code="5401"), role="reporter")
    client.force_login(user)
    assert client.get(reverse("awards:registry")).status_code == 403
    assert client.post(reverse("awards:create"), FORM).status_code == 403


def test_an_anonymous_visitor_is_sent_to_sign_in(client, awards):
    assert client.get(reverse("awards:registry")).status_code == 302
