"""Chasing: reminders to reporters, summaries to approvers, the overdue board and escalation to approvers.

Mail goes through Django's e-mail backend (the console backend unless EMAIL_BACKEND says otherwise), in Thai.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.mail import send_mail
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from govkpi.accounts.choices import Role
from govkpi.accounts.models import Membership
from govkpi.accounts.permissions import approvable_orgs
from govkpi.audit.actions import record
from govkpi.notify.notices import remind_contacts
from govkpi.orgs.models import OrgUnit

from .choices import ResultStatus
from .due import Task, tasks_for
from .models import Result


@dataclass(frozen=True)
class Sent:
    reporters: int
    approvers: int
    items: int
    queued: int = 0  # LINE and e-mail notices to the contacts (govkpi.notify), sent by `govkpi notify deliver`


def _line(task: Task) -> str:
    state = _("overdue") if task.overdue else _("due")
    return f"- {task.org.code} {task.indicator.code} {task.period.code}: {state} {task.due:%Y-%m-%d} ({task.status})"


def _people(role: str) -> dict[int, tuple[AbstractBaseUser, list[OrgUnit]]]:
    people: dict[int, tuple[AbstractBaseUser, list[OrgUnit]]] = {}
    rows = Membership.objects.filter(role=role, user__is_active=True).exclude(user__email="")
    for membership in rows.select_related("user", "org"):
        people.setdefault(membership.user_id, (membership.user, []))[1].append(membership.org)
    return people


def send_reminders(fiscal_year: int, today: date, days: int) -> Sent:
    """E-mail each reporter its open items due within `days` or overdue; each approver what waits for it."""
    horizon = today + timedelta(days=days)
    reporters = approvers = items = 0
    with translation.override(settings.LANGUAGE_CODE):
        reporting = _people(Role.REPORTER)
        orgs = {org.pk: org for _user, held in reporting.values() for org in held}
        by_org: dict[int, list[Task]] = defaultdict(list)
        for task in tasks_for(orgs.values(), fiscal_year, today):
            if task.open and task.due <= horizon:
                by_org[task.org.pk].append(task)
        for user, held in reporting.values():
            mine = [task for org in held for task in by_org.get(org.pk, [])]
            if not mine:
                continue
            body = "\n".join([_("These results wait for you:"), *(_line(task) for task in mine)])
            send_mail(_("govkpi: results to report"), body, None, [user.email])
            reporters += 1
            items += len(mine)
        for user, _held in _people(Role.APPROVER).values():
            waiting = Result.objects.filter(status=ResultStatus.SUBMITTED, org__in=approvable_orgs(user)).count()
            if waiting:
                body = _("%(count)s results wait for your approval.") % {"count": waiting}
                send_mail(_("govkpi: results to approve"), body, None, [user.email])
                approvers += 1
    return Sent(reporters, approvers, items, remind_contacts(fiscal_year, today, days))


@dataclass(frozen=True)
class OverdueLine:
    org: OrgUnit
    count: int
    oldest: date
    approvers: list[str]


def overdue_board(orgs: Iterable[OrgUnit], fiscal_year: int, today: date) -> list[OverdueLine]:
    """Organisations with overdue items, most overdue first: a fixed number of queries."""
    orgs = list(orgs)
    overdue: dict[int, list[Task]] = defaultdict(list)
    for task in tasks_for(orgs, fiscal_year, today):
        if task.overdue:
            overdue[task.org.pk].append(task)
    names: dict[int, list[str]] = defaultdict(list)
    rows = Membership.objects.filter(role=Role.APPROVER, org_id__in=list(overdue)).values_list(
        "org_id", "user__username"
    )
    for org_id, username in rows.order_by("user__username"):
        names[org_id].append(username)
    lines = [
        OverdueLine(
            org=task_list[0].org,
            count=len(task_list),
            oldest=min(t.due for t in task_list),
            approvers=names.get(org_id, []),
        )
        for org_id, task_list in overdue.items()
    ]
    return sorted(lines, key=lambda line: (-line.count, line.oldest, line.org.code))


def approvers_of(org: OrgUnit) -> list[AbstractBaseUser]:
    """The approvers of the organisation itself, else of the nearest organisation above it that has any."""
    chain = list(reversed(org.ancestor_ids()))  # the organisation first, then upwards
    found: dict[int, list[AbstractBaseUser]] = defaultdict(list)
    rows = Membership.objects.filter(role=Role.APPROVER, org_id__in=chain, user__is_active=True)
    for membership in rows.select_related("user"):
        found[membership.org_id].append(membership.user)
    for org_id in chain:
        if found.get(org_id):
            return found[org_id]
    return []


@transaction.atomic
def escalate(org: OrgUnit, fiscal_year: int, today: date, *, acting_user: AbstractBaseUser | None, channel: str) -> int:
    """E-mail the organisation's approvers the list of its overdue items; returns how many were told."""
    tasks = [task for task in tasks_for([org], fiscal_year, today) if task.overdue]
    people = [user for user in approvers_of(org) if user.email]
    if tasks and people:
        with translation.override(settings.LANGUAGE_CODE):
            body = "\n".join(
                [_("Results of %(org)s are overdue:") % {"org": f"{org.code} {org.name_th}"}, *map(_line, tasks)]
            )
            send_mail(_("govkpi: overdue results"), body, None, [user.email for user in people])
    record(
        acting_user=acting_user,
        channel=channel,
        action="results.escalate",
        object_type="orgs.orgunit",
        object_key=org.code,
        changes={"overdue": len(tasks), "told": [user.get_username() for user in people]},
    )
    return len(people) if tasks else 0
