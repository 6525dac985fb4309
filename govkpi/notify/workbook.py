"""The `contacts` table of the workbook: stored in :class:`~govkpi.notify.models.Contact`, and its rule — an address
that suits its channel (:mod:`govkpi.notify.addresses`, the rule the admin applies too). Registered with
:mod:`govkpi.workbook` by :meth:`govkpi.notify.apps.NotifyConfig.ready`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_noop

from .addresses import address_problem

if TYPE_CHECKING:
    from govkpi.workbook.messages import Problems
    from govkpi.workbook.validate import Plan, Row

MESSAGE = "bad_contact_address"
TEXT = gettext_noop("“%(value)s” is not a %(channel)s address: %(expected)s")


def contacts(rows: list[Row], plan: Plan, problems: Problems) -> None:
    for row in rows:
        if not row.ok:
            continue
        channel, address = row.values["channel"], row.values["address"]
        problem = address_problem(channel, address)
        if problem is not None:
            problems.add(MESSAGE, "contacts", row.number, "address", value=address, channel=channel,
                         expected=_expected(problem))
            row.ok = False


def _expected(problem: str) -> str:
    from .models import ADDRESS_PROBLEMS

    return str(ADDRESS_PROBLEMS[problem])


def register() -> None:
    from govkpi.workbook import checks, messages, store

    from .models import Contact

    store.MODELS.setdefault("contacts", Contact)
    checks.RULES.setdefault("contacts", contacts)
    messages.MESSAGES.setdefault(MESSAGE, TEXT)
