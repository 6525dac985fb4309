"""The approver's queue: each result with what to decide on (previous value, target, level, submitter, time in BE,
note, an evidence preview), approve and return told apart, a return that needs a reason, and several results
approved with one confirmation — each through the same action, its rules, the four-eyes rule and its audit."""

import io
import re
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from govkpi.accounts.models import Membership
from govkpi.audit.models import AuditEvent
from govkpi.core.scoring import Direction, Policy, level_score
from govkpi.results import actions
from govkpi.results.models import Evidence, Result
from tests.results.builders import PASSWORD
from tests.results.helpers import draft

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"


@pytest.fixture(autouse=True)
def _evidence_dir(settings, tmp_path):
    settings.EVIDENCE_ROOT = tmp_path / "evidence"


def login(client, who="app5401"):
    assert client.login(username=who, password=PASSWORD)
    return client


def submitted(world, who="rep5401", **values):
    result = draft(world, who=who, **values)
    actions.submit_result(result, acting_user=world.people[who], channel="web")
    return result


def item_of(page, result):
    decide = reverse("results:decide", args=[result.pk])
    return next(item for item in page.split('<li class="queue__item">')[1:] if decide in item)


def docx():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def test_each_result_shows_what_to_decide_on(world, client):
    before = draft(world, period="2564-Q4", value=60.0)
    actions.submit_result(before, acting_user=world.people["rep5401"], channel="web")
    actions.approve_result(before, acting_user=world.people["app5401"], channel="web")
    result = submitted(world, value=85.0, note="รวมทุกตำบล")
    page = login(client).get(reverse("results:approvals")).content.decode()
    item = item_of(page, result)
    expected = level_score(85.0, (60, 70, 80, 90, 100), Direction(world.mean.direction), Policy())
    assert f"{expected:.2f}" == "3.50" and "3.50" in item  # the level, from the core scoring rules
    facts = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", item))
    for shown in ("85", "60", "80", "rep5401", "รวมทุกตำบล"):  # value, previous approved, target, submitter, note
        assert shown in facts
    at = re.search(r'<time datetime="[^"]+">([^<]+)</time>', item).group(1)
    assert re.search(r"25\d\d", at) and re.search(r"[ก-๙]", at)  # Buddhist Era, Thai month
    approve = re.search(r'<button[^>]*value="approve"[^>]*>(.*?)</button>', item, re.S)
    back = re.search(r'<button[^>]*value="return"[^>]*>(.*?)</button>', item, re.S)
    assert 'class="button"' in approve.group(0) and 'class="button button--secondary"' in back.group(0)
    assert "I-MEAN" in approve.group(1) and "I-MEAN" in back.group(1)  # each labelled with its indicator
    assert approve.start() < item.index('class="decide__return"')  # in two separate forms


def test_the_level_is_the_one_the_year_would_score_with_this_result(world, client):
    approved = draft(world, period="2565-Q2", value=95.0)
    actions.submit_result(approved, acting_user=world.people["rep5401"], channel="web")
    actions.approve_result(approved, acting_user=world.people["app5401"], channel="web")
    result = submitted(world, value=85.0)
    item = item_of(login(client).get(reverse("results:approvals")).content.decode(), result)
    facts = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", item))
    year = level_score(90.0, (60, 70, 80, 90, 100), Direction(world.mean.direction), Policy())  # mean of 85 and 95
    assert year == 4.0 and " 90 " in facts and "4.00 " in facts


def test_the_previous_value_is_the_approved_one(world, client):
    draft(world, period="2564-Q4", value=60.0)  # a draft of the period before: not shown as the previous value
    result = submitted(world, value=85.0)
    item = item_of(login(client).get(reverse("results:approvals")).content.decode(), result)
    assert ">60<" not in item


def add_evidence(world, result, name, content):
    result.status = "draft"
    result.save(update_fields=["status"])
    actions.add_evidence(result, upload=SimpleUploadedFile(name, content), acting_user=world.people["rep5401"],
                         channel="web")
    actions.submit_result(result, acting_user=world.people["rep5401"], channel="web")
    return Evidence.objects.get(name=name)


def test_images_are_shown_inline(world, client):
    result = draft(world)
    image = add_evidence(world, result, "photo.png", PNG)
    item = item_of(login(client).get(reverse("results:approvals")).content.decode(), result)
    assert re.search(rf'<img src="{reverse("results:evidence_preview", args=[image.pk])}" alt="[^"]*photo.png"', item)
    response = client.get(reverse("results:evidence_preview", args=[image.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff" and "sandbox" in response["Content-Security-Policy"]


def test_pdf_evidence_is_framed_in_a_sandbox(world, client):
    result = draft(world)
    pdf = add_evidence(world, result, "minutes.pdf", PDF)
    item = item_of(login(client).get(reverse("results:approvals")).content.decode(), result)
    assert re.search(rf'<iframe sandbox src="{reverse("results:evidence_preview", args=[pdf.pk])}" title="', item)
    response = client.get(reverse("results:evidence_preview", args=[pdf.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "sandbox" in response["Content-Security-Policy"].split("; ")
    assert response["X-Content-Type-Options"] == "nosniff" and response["X-Frame-Options"] == "SAMEORIGIN"
    assert not response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == PDF


def test_other_files_are_only_linked_and_never_previewed(world, client):
    result = draft(world)
    document = add_evidence(world, result, "minutes.docx", docx())
    item = item_of(login(client).get(reverse("results:approvals")).content.decode(), result)
    assert reverse("results:evidence", args=[document.pk]) in item and "<iframe" not in item and "<img" not in item
    assert client.get(reverse("results:evidence_preview", args=[document.pk])).status_code == 404


def test_previews_are_for_those_who_may_see_the_result(world, client):
    result = draft(world)
    image = add_evidence(world, result, "photo.png", PNG)
    assert login(client, "rep5402").get(reverse("results:evidence_preview", args=[image.pk])).status_code == 404
    client.logout()
    assert client.get(reverse("results:evidence_preview", args=[image.pk])).status_code == 302  # to the login


@pytest.mark.parametrize("reason", ["", "   \n "])
def test_a_return_needs_a_reason_checked_on_the_server(world, client, reason):
    result = submitted(world)
    response = login(client).post(reverse("results:decide", args=[result.pk]),
                                  {"decision": "return", "comment": reason})
    assert response.status_code == 400
    page = response.content.decode()
    assert f'<a href="#comment-{result.pk}">' in page and 'class="error-summary" role="alert"' in page
    assert re.search(rf'<textarea id="comment-{result.pk}"[^>]*aria-invalid="true"', page)
    assert Result.objects.get(pk=result.pk).status == "submitted"


def audited(result):
    return AuditEvent.objects.filter(action="results.result.approve", object_key__startswith=f"{result.pk} ").count()


def test_approving_several_asks_for_confirmation_listing_them_first(world, client):
    first, second = submitted(world), submitted(world, indicator=world.ratio, value=None, numerator=3.0,
                                                denominator=4.0)
    response = login(client).post(reverse("results:approve_selected"), {"selected": [first.pk, second.pk]})
    page = response.content.decode()
    assert response.status_code == 200 and "I-MEAN" in page and "I-RATIO" in page
    assert page.count(f'name="selected" value="{first.pk}"') == 1 and 'name="confirm" value="yes"' in page
    assert {r.status for r in Result.objects.all()} == {"submitted"} and audited(first) == 0


def test_approving_several_approves_each_and_reports_the_one_that_breaks_a_rule(world, client):
    good = submitted(world)
    ratio = submitted(world, indicator=world.ratio, value=None, numerator=3.0, denominator=4.0)
    broken = submitted(world, period="2565-Q2")
    Result.objects.filter(pk=broken.pk).update(value=150)  # written some other way: out of the allowed range
    response = login(client).post(reverse("results:approve_selected"),
                                  {"selected": [good.pk, ratio.pk, broken.pk], "confirm": "yes"}, follow=True)
    page = response.content.decode()
    assert {r.pk: r.status for r in Result.objects.all()} == {good.pk: "approved", ratio.pk: "approved",
                                                               broken.pk: "submitted"}
    assert (audited(good), audited(ratio), audited(broken)) == (1, 1, 0)  # one audit event per result
    assert '<div class="notice--success" role="status">' in page and '<div class="notice--error" role="alert">' in page
    assert "2565-Q2" in page.split("notice--error")[1]


def test_approving_several_keeps_the_four_eyes_rule(world, client):
    both = get_user_model().objects.create_user("both5401", password=PASSWORD)
    for role in ("reporter", "approver"):
        Membership.objects.create(user=both, org=world.orgs["5401"], role=role)
    world.people["both5401"] = both
    own = submitted(world, who="both5401")
    other = submitted(world, indicator=world.ratio, value=None, numerator=3.0, denominator=4.0)
    page = login(client, "both5401").get(reverse("results:approvals")).content.decode()
    assert f'name="selected" value="{own.pk}"' not in page and f'name="selected" value="{other.pk}"' in page
    client.post(reverse("results:approve_selected"), {"selected": [own.pk, other.pk], "confirm": "yes"})
    assert (Result.objects.get(pk=own.pk).status, Result.objects.get(pk=other.pk).status) == ("submitted",
                                                                                              "approved")
    assert audited(own) == 0


@pytest.mark.parametrize(("who", "status"), [("rep5402", 404), ("rep5401", 403), ("viewer", 403)])
def test_only_approvers_of_the_organisation_approve_several(world, client, who, status):
    result = submitted(world)
    response = login(client, who).post(reverse("results:approve_selected"),
                                       {"selected": [result.pk], "confirm": "yes"})
    assert response.status_code == status
    assert Result.objects.get(pk=result.pk).status == "submitted" and audited(result) == 0


def test_another_organisations_reporter_sees_no_queue_item(world, client):
    result = submitted(world)
    page = login(client, "rep5402").get(reverse("results:approvals")).content.decode()
    assert reverse("results:decide", args=[result.pk]) not in page


def test_an_unknown_result_in_the_selection_approves_nothing(world, client):
    result = submitted(world)
    response = login(client).post(reverse("results:approve_selected"),
                                  {"selected": [result.pk, result.pk + 999], "confirm": "yes"})
    assert response.status_code == 404 and Result.objects.get(pk=result.pk).status == "submitted"


def test_the_history_page_says_when_in_buddhist_era(world, client):
    result = submitted(world)
    page = login(client).get(reverse("results:history", args=[result.pk])).content.decode()
    times = re.findall(r'<time datetime="[^"]+">([^<]+)</time>', page)
    assert times and all(re.search(r"25\d\d", t) and re.search(r"[ก-๙]", t) for t in times)
    assert not re.search(r">\s*20\d\d-\d\d-\d\d", page)
