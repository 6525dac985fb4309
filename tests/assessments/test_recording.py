"""Recording a result by hand (action and admin form): the workbook's rules, kept as published, audited."""

import pytest
from django.core.exceptions import ValidationError

from govkpi.assessments.actions import record_assessment
from govkpi.assessments.admin import AssessmentForm
from govkpi.assessments.models import Assessment
from govkpi.assessments.services import assess
from govkpi.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_components_are_kept_and_the_total_is_computed_on_read(ita):
    record_assessment(
        framework="ita",
        fiscal_year=2565,
        org=ita["54-SAO-B"],
        score=95.0,
        components={"IIT": 27, "EIT": 27, "OIT": 36},
        acting_user=None,
        channel="cli",
    )
    assert Assessment.objects.get(org=ita["54-SAO-B"]).score == 95.0
    row = {r["org"]: r for r in assess("ita", 2565)["organisations"]}["54-SAO-B"]
    assert (row["score"], row["level"]) == (90, "A")
    assert AuditEvent.objects.get(action="assessments.assessment.record").changes["score"] == [90.0, 95.0]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"framework": "nope"}, "framework"),
        ({"components": {"IIT": 31}}, "components"),
        ({"level": "Z"}, "level"),
        ({"rank_group": "pao", "rank": 1}, "rank_group"),
        ({"score": 120}, "score"),
    ],
)
def test_bad_input_is_refused_by_field_and_nothing_changes(ita, kwargs, field):
    values = {"framework": "ita", "fiscal_year": 2565, "org": ita["54-SAO-C"], **kwargs}
    with pytest.raises(ValidationError) as caught:
        record_assessment(**values, acting_user=None, channel="cli")
    assert set(caught.value.message_dict) == {field}
    assert Assessment.objects.get(org=ita["54-SAO-C"]).score == 84.99


def test_the_admin_form_applies_the_same_rules(ita):
    data = {
        "framework": "ita",
        "fiscal_year": 2565,
        "org": ita["54-SAO-C"].pk,
        "level": "AAA",
        "score": 80,
        "components": "",
        "rank_group": "",
        "note": "",
        "extra": "{}",
    }
    form = AssessmentForm(data, instance=Assessment.objects.get(org=ita["54-SAO-C"]))
    assert not form.is_valid()
    assert "level" in form.errors
