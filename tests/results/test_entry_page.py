"""The reporter's entry page: what to enter first, what each value is measured against, an error summary linked to
the fields, files kept when the page comes back with errors, and success said as success."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from govkpi.accounts.models import Membership
from govkpi.results import actions
from govkpi.results.evidence import SESSION_KEY
from govkpi.results.models import Evidence, Result
from tests.results.builders import PASSWORD
from tests.results.helpers import draft

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _evidence_dir(settings, tmp_path):
    settings.EVIDENCE_ROOT = tmp_path / "evidence"


def url(org="5401", period="2565-Q1"):
    return reverse("results:entry", args=[org, period])


def login(client, who="rep5401"):
    assert client.login(username=who, password=PASSWORD)
    return client


def approved(world, indicator, **values):
    result = draft(world, indicator=indicator, **values)
    actions.submit_result(result, acting_user=world.people["rep5401"], channel="web")
    actions.approve_result(result, acting_user=world.people["app5401"], channel="web")
    return result


def pending_files(settings):
    root = settings.EVIDENCE_ROOT / "pending"
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def test_what_is_left_to_enter_comes_first_and_approved_results_are_read_only(world, client):
    approved(world, world.mean)
    page = login(client).get(url()).content.decode()
    form = page.split('class="entry-form"', 1)[1].split("</form>", 1)[0]
    rest = page.split('id="locked-heading"', 1)[1]
    assert f'id="numerator-{world.ratio.pk}"' in form  # the ratio is still to enter: in the form, first
    assert f'name="value-{world.mean.pk}"' not in page  # the approved one has no field at all
    assert "I-MEAN" in rest and "<details>" in rest and "I-MEAN" not in form


def test_an_approved_ratio_shows_its_numerator_denominator_and_value(world, client):
    approved(world, world.ratio, value=None, numerator=3.0, denominator=4.0)
    page = login(client).get(url()).content.decode()
    assert "3 / 4 = <strong>75.00</strong>" in page


def test_beside_the_fields_unit_period_target_previous_value_and_the_five_levels(world, client):
    approved(world, world.mean, period="2564-Q4", value=65.0)
    page = login(client).get(url()).content.decode()
    facts = re.search(rf'<dl class="facts" id="facts-{world.mean.pk}">(.*?)</dl>', page, re.S).group(1)
    for shown in ("2565-Q1", "65", "80", "60", "70", "90", "100"):  # period, previous, target, levels 1–5
        assert shown in facts
    assert world.mean.unit in facts
    assert re.search(rf'id="value-{world.mean.pk}"[^>]*aria-describedby="facts-{world.mean.pk}"', page)


def test_an_invalid_value_comes_back_with_an_error_summary_that_links_to_the_field(world, client):
    key = world.mean.pk
    response = login(client).post(url(), {"action": "save", f"value-{key}": "เจ็ดสิบ"})
    assert response.status_code == 400
    page = response.content.decode()
    summary = re.search(r'<div class="error-summary" role="alert" tabindex="-1"[^>]*>(.*?)</div>', page, re.S)
    assert summary and f'<a href="#value-{key}">I-MEAN: ' in summary.group(1)
    field = re.search(rf'<input id="value-{key}"[^>]*>', page).group(0)
    assert 'aria-invalid="true"' in field and f'aria-describedby="value-{key}-error facts-{key}"' in field
    assert f'id="value-{key}-error"' in page and 'value="เจ็ดสิบ"' in field  # what was typed stays
    assert not Result.objects.exists()


def test_a_ratio_error_on_its_value_links_to_the_numerator(world, client):
    key = world.ratio.pk
    response = login(client).post(url(), {"action": "save", f"numerator-{key}": "3", f"denominator-{key}": "0"})
    page = response.content.decode()
    assert response.status_code == 400 and f'<a href="#denominator-{key}">' in page
    assert re.search(rf'<input id="denominator-{key}"[^>]*aria-invalid="true"', page)


def test_the_file_is_kept_when_the_page_comes_back_with_errors_and_added_on_save(world, client, settings):
    key = world.mean.pk
    login(client)
    response = client.post(url(), {"action": "save", f"value-{key}": "150",
                                   f"file-{key}": SimpleUploadedFile("minutes.pdf", PDF)})
    assert response.status_code == 400
    page = response.content.decode()
    assert f'id="file-{key}-attached"' in page and "minutes.pdf" in page
    assert re.search(rf'<input id="file-{key}"[^>]*aria-describedby="[^"]*file-{key}-attached"', page)
    assert not Evidence.objects.exists() and len(pending_files(settings)) == 1
    assert client.get(url()).content.decode().count("minutes.pdf") == 2  # still attached on the next visit

    response = client.post(url(), {"action": "save", f"value-{key}": "75"})  # fixed, no file sent again
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert (evidence.name, evidence.content_type, evidence.result.value) == ("minutes.pdf", "application/pdf", 75)
    assert evidence.file.read() == PDF
    assert pending_files(settings) == [] and not client.session[SESSION_KEY]


def test_a_kept_file_can_be_removed(world, client, settings):
    key = world.mean.pk
    login(client).post(url(), {"action": "save", f"value-{key}": "abc",
                               f"file-{key}": SimpleUploadedFile("minutes.pdf", PDF)})
    response = client.post(url(), {"action": "save", f"value-{key}": "75", f"remove_pending-{key}": "on"})
    assert response.status_code == 302
    assert not Evidence.objects.exists() and pending_files(settings) == []


def test_a_refused_file_is_not_kept(world, client, settings):
    key = world.mean.pk
    response = login(client).post(url(), {"action": "save", f"value-{key}": "75",
                                          f"file-{key}": SimpleUploadedFile("x.pdf", b"<html><script></script>")})
    assert response.status_code == 400 and f'<a href="#file-{key}">' in response.content.decode()
    assert pending_files(settings) == [] and not Result.objects.exists()


def test_a_kept_file_is_only_the_uploaders_and_only_for_its_page(world, client):
    key = world.mean.pk
    login(client).post(url(), {"action": "save", f"value-{key}": "abc",
                               f"file-{key}": SimpleUploadedFile("minutes.pdf", PDF)})
    assert "minutes.pdf" not in client.get(url(period="2565-Q2")).content.decode()
    client.logout()
    colleague = get_user_model().objects.create_user("rep5401b", password=PASSWORD)
    Membership.objects.create(user=colleague, org=world.orgs["5401"], role="reporter")
    assert "minutes.pdf" not in login(client, "rep5401b").get(url()).content.decode()


def test_a_forged_session_cannot_point_at_another_persons_file(world, client):
    login(client)
    session = client.session
    session[SESSION_KEY] = {f"5401|2565-Q1|{world.mean.pk}": {"path": "pending/999/x", "name": "x.pdf", "size": 1}}
    session.save()
    assert "x.pdf" not in client.get(url()).content.decode()


def test_success_is_said_as_success(world, client):
    response = login(client).post(url(), {"action": "save", f"value-{world.mean.pk}": "75"}, follow=True)
    page = response.content.decode()
    assert '<div class="notice--success" role="status"><p>บันทึกร่างแล้ว</p></div>' in page
    assert 'class="notice"' not in page


def test_another_organisations_reporter_neither_sees_nor_saves(world, client):
    login(client, "rep5402")
    assert client.get(url()).status_code == 404
    assert client.post(url(), {"action": "save", f"value-{world.mean.pk}": "75"}).status_code == 404
    assert not Result.objects.exists()
