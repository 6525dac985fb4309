"""What the workflow and the reminders tell whom, in Thai: the texts and the contacts they go to.

A submitted result → the approver contacts of its organisation, else of the nearest organisation above it that has
any (as `results.reminders.approvers_of` finds approvers); returned or approved → the reporter contacts of its
organisation. Contacts with the role ``all`` hear both. Every message names the indicator, the organisation and
the period in words and links to the page where it is handled (``GOVKPI_SITE_URL``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from govkpi.core.periods import PeriodError, parse_period
from govkpi.core.thai import format_date
from govkpi.orgs.models import OrgUnit

from .choices import ContactRole
from .models import Contact
from .outbox import enqueue


def link(path: str) -> str:
    return f"{getattr(settings, 'GOVKPI_SITE_URL', '').rstrip('/')}{path}"


def period_words(code: str) -> str:
    try:
        return parse_period(code).label("th")
    except PeriodError:
        return code


def contacts(role: str, org_ids: Iterable[int] | None = None, *, with_org: bool = False) -> list[Contact]:
    """The contacts of that role (or ``all``), of those organisations (None: of every one); ``with_org``: their
    organisations read with them."""
    query = Contact.objects.filter(role__in=(role, ContactRole.ALL))
    if with_org:
        query = query.select_related("org")
    if org_ids is not None:
        query = query.filter(org_id__in=list(org_ids))
    return list(query.order_by("channel", "address", "pk"))


def approver_contacts(org: OrgUnit) -> list[Contact]:
    """The approver contacts of the organisation itself, else of the nearest organisation above it that has any."""
    chain = list(reversed(org.ancestor_ids()))
    found: dict[int, list[Contact]] = defaultdict(list)
    for contact in contacts(ContactRole.APPROVER, chain):
        found[contact.org_id].append(contact)
    return next((found[org_id] for org_id in chain if found.get(org_id)), [])


def _queue(people: list[Contact], text: str, subject: str, key: str) -> int:
    return sum(
        enqueue(contact.channel, contact.address, text, subject=subject, dedupe_key=f"{key}:{contact.pk}")
        for contact in people
    )


def result_notice(result: object, step: str, comment: str = "") -> int:
    """Queue the notice of one workflow step (submit, return, approve) of a result; returns how many were queued."""
    org, indicator = result.org, result.indicator  # type: ignore[attr-defined]
    people = approver_contacts(org) if step == "submit" else contacts(ContactRole.REPORTER, [org.pk])
    if not people:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        what = _("%(indicator)s of %(org)s, %(period)s") % {
            "indicator": f"{indicator.code} {indicator.name_th}",
            "org": org.name_th or org.code,
            "period": period_words(result.period),  # type: ignore[attr-defined]
        }
        if step == "submit":
            subject = _("govkpi: a result waits for your approval")
            lines = [_("A result waits for your approval: %(what)s") % {"what": what},
                     link(reverse("results:approvals"))]
        else:
            page = link(reverse("results:history", args=[result.pk]))  # type: ignore[attr-defined]
            if step == "return":
                subject = _("govkpi: a result was returned")
                lines = [_("A result was returned for correction: %(what)s") % {"what": what},
                         _("Comment: %(comment)s") % {"comment": comment}, page]
            else:
                subject = _("govkpi: a result was approved")
                lines = [_("A result was approved: %(what)s") % {"what": what}, page]
    stamp = result.updated_at.isoformat()  # type: ignore[attr-defined]
    return _queue(people, "\n".join(lines), subject, f"result:{result.pk}:{step}:{stamp}")  # type: ignore[attr-defined]


def remind_contacts(fiscal_year: int, today: date, days: int) -> int:
    """Queue, once a day per contact, the reminder of each reporter contact (its organisation's open items due
    within ``days`` or overdue) and each approver contact (the results waiting below its organisation)."""
    from govkpi.results.choices import ResultStatus
    from govkpi.results.due import tasks_for
    from govkpi.results.models import Result

    horizon = today + timedelta(days=days)
    queued = 0
    reporters = contacts(ContactRole.REPORTER, with_org=True)
    orgs = {contact.org_id: contact.org for contact in reporters}
    with translation.override(settings.LANGUAGE_CODE):
        by_org: dict[int, list[str]] = defaultdict(list)
        for task in tasks_for(orgs.values(), fiscal_year, today):
            if task.open and task.due <= horizon:
                state = _("overdue") if task.overdue else _("due")
                by_org[task.org.pk].append(
                    f"- {task.indicator.code} {task.indicator.name_th}, {task.period.label('th')}: "
                    f"{state} {format_date(task.due, 'th')}"
                )
        tasks_page = link(reverse("results:tasks"))
        for contact in reporters:
            items = by_org.get(contact.org_id)
            if items:
                org = orgs[contact.org_id]
                text = "\n".join([_("Results of %(org)s to report:") % {"org": org.name_th or org.code}, *items,
                                  tasks_page])
                queued += enqueue(contact.channel, contact.address, text, subject=_("govkpi: results to report"),
                                  dedupe_key=f"remind:{today.isoformat()}:reporter:{contact.pk}")
        approvals_page = link(reverse("results:approvals"))
        for contact in contacts(ContactRole.APPROVER, with_org=True):
            org = contact.org
            waiting = Result.objects.filter(status=ResultStatus.SUBMITTED, org__path__startswith=org.path).count()
            if waiting and org.path:
                text = "\n".join([
                    _("%(count)s results of %(org)s wait for approval.") % {"count": waiting,
                                                                            "org": org.name_th or org.code},
                    approvals_page,
                ])
                queued += enqueue(contact.channel, contact.address, text, subject=_("govkpi: results to approve"),
                                  dedupe_key=f"remind:{today.isoformat()}:approver:{contact.pk}")
    return queued
