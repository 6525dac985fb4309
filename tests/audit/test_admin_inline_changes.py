"""Criteria edited inline on an indicator's admin page are audited with what changed (added, changed, deleted)."""

import pytest
from django.contrib.auth import get_user_model

from govkpi.audit.models import AuditEvent
from govkpi.plans.models import Criterion
from tests.results.builders import build_world

pytestmark = pytest.mark.django_db


def _post_data(page):
    """The admin change form as the browser would send it unchanged: the main form and each inline formset."""
    data = {}
    form = page.context["adminform"].form
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, (list, tuple)):
            data[name] = [str(v) for v in value]
        elif value is not None:
            data[name] = value
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[f"{formset.prefix}-{name}"] = management[name].value()
        for sub in formset.forms:
            for name in sub.fields:
                value = sub[name].value()
                if value is not None and value is not False:
                    data[sub.add_prefix(name)] = value
    return data, page.context["inline_admin_formsets"][0].formset.prefix


def test_an_inline_criterion_change_add_and_delete_are_each_audited_with_the_change(client):
    world = build_world()
    criterion = Criterion.objects.get(indicator=world.mean, fiscal_year=2565)
    old_weight = criterion.weight
    root = get_user_model().objects.create_superuser("root", "root@example.org", "x-Strong-Pass-9")
    client.force_login(root)
    url = f"/admin/plans/indicator/{world.mean.pk}/change/"
    data, prefix = _post_data(client.get(url))
    data[f"{prefix}-0-weight"] = "7"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    event = AuditEvent.objects.filter(action="plans.criterion.change").latest("seq")
    assert event.channel == "admin" and event.actor == root
    assert event.changes["weight"] == [old_weight, 7.0]
    assert set(event.changes) == {"weight"}

    data, prefix = _post_data(client.get(url))
    data[f"{prefix}-TOTAL_FORMS"] = "2"
    new = {"fiscal_year": "2566", "weight": "2", "level1": "1", "level2": "2", "level3": "3", "level4": "4"}
    for name, value in (new | {"level5": "5", "indicator": str(world.mean.pk)}).items():
        data[f"{prefix}-1-{name}"] = value
    assert client.post(url, data).status_code == 302
    added = AuditEvent.objects.filter(action="plans.criterion.add").latest("seq")
    assert added.changes["fiscal_year"] == [None, 2566] and added.changes["weight"] == [None, 2.0]

    data, prefix = _post_data(client.get(url))
    data[f"{prefix}-1-DELETE"] = "on"
    assert client.post(url, data).status_code == 302
    deleted = AuditEvent.objects.filter(action="plans.criterion.delete").latest("seq")
    assert deleted.changes["fiscal_year"] == 2566
    assert Criterion.objects.filter(indicator=world.mean).count() == 1
