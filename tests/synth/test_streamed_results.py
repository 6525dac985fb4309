"""Results too many for the workbook stream through the results action: checked by the same rules, with history."""

import pytest
from django.core.exceptions import ValidationError

from govkpi.audit.models import AuditEvent
from govkpi.plans.models import Indicator
from govkpi.results.actions import stream_results
from govkpi.results.models import Result, ResultEvent
from govkpi.synth import actions as synth

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_streamed_path_writes_results_with_their_history(monkeypatch):
    monkeypatch.setattr(synth, "VALIDATED_RESULTS", 0)  # the small scale through the national path
    report = synth.load_synthetic("small", seed=3, fraction=0.1)
    assert report.results == Result.objects.count() > 0
    assert ResultEvent.objects.filter(step="import").count() == report.results
    assert AuditEvent.objects.get(action="results.result.import").changes == {"created": report.results,
                                                                              "updated": 0}


def test_a_row_the_rules_refuse_stops_the_stream_and_writes_nothing(monkeypatch):
    monkeypatch.setattr(synth, "VALIDATED_RESULTS", 0)
    synth.load_synthetic("small", seed=3, fraction=0.05)
    before = Result.objects.count()
    ratio = Indicator.objects.filter(aggregation="ratio").first()
    org_id = Result.objects.filter(indicator=ratio).values_list("org_id", flat=True).first()
    rows = [(ratio.pk, org_id, "2566-M01", None, 3.0, 200.0, "approved"),
            (ratio.pk, org_id, "2566-M02", None, 300.0, -200.0, "approved")]
    with pytest.raises(ValidationError) as refused:
        stream_results(iter(rows), acting_user=None, channel="cli", source="test")
    assert "denominator" in refused.value.message_dict
    assert Result.objects.count() == before
