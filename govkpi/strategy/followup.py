"""Corrective actions (planning.md, `corrective_actions`) as officials follow them up: the indicators at risk or not
achieved that no open action answers, and the open actions past their due date — within what the viewer may see.

The status of an (organisation, indicator) is the scorecard's (`Scorer.card`, scoring.md §5), never recomputed here.
The organisations looked at are the root and those with approved results of their own in the year (where a status
comes from what the organisation itself reported); an action answers an indicator of the same organisation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet

from govkpi.orgs.models import OrgUnit
from govkpi.scorecards.card import Scorer
from govkpi.scorecards.labels import status_label

from .choices import ActionStatus
from .models import CorrectiveAction

AT_RISK = ("not_achieved", "at_risk")


@dataclass
class Unattended:
    """An indicator at risk or not achieved at an organisation, with no open corrective action."""

    org_code: str
    org_name: str
    code: str
    name: str
    score: float | None
    status: str
    status_label: str


def open_actions(visible: QuerySet[OrgUnit] | None = None) -> list[CorrectiveAction]:
    """The open actions of the organisations the viewer sees (as the action's organisation or its owner)."""
    query = CorrectiveAction.objects.filter(status=ActionStatus.OPEN).select_related("indicator", "org", "owner")
    if visible is not None:
        ids = visible.values("id")
        query = query.filter(Q(org_id__in=ids) | Q(owner_id__in=ids))
    return list(query.order_by("due", "code"))


def past_due(actions: list[CorrectiveAction], today: date) -> list[CorrectiveAction]:
    return [action for action in actions if action.due is not None and action.due < today]


def unattended(scorer: Scorer, root_id: int, actions: list[CorrectiveAction],
               visible_ids: set[int] | None) -> list[Unattended]:
    """Worst first. ``actions`` are the open ones (:func:`open_actions`); ``visible_ids`` None: every organisation."""
    from govkpi.dashboards.home import pick

    data = scorer.data
    answered = {(action.org_id, action.indicator_id) for action in actions}
    by_code = {indicator.code: indicator.pk for indicator in data.indicators.values()}
    orgs = {root_id} | {org_id for org_id, _ in data.own}
    found = []
    for org_id in sorted(orgs, key=lambda pk: data.orgs[pk].path if pk in data.orgs else ""):
        if org_id not in data.orgs or (visible_ids is not None and org_id not in visible_ids):
            continue
        node = data.orgs[org_id]
        for row in scorer.card(org_id)["indicators"]:
            if row["status"] in AT_RISK and (org_id, by_code[row["code"]]) not in answered:
                found.append(Unattended(node.code, pick({"name_th": node.name_th, "name_en": node.name_en}, "name"),
                                        row["code"], pick(row, "name"), row["score"], row["status"],
                                        status_label(row["status"])))
    return sorted(found, key=lambda item: (item.score if item.score is not None else -1, item.org_code, item.code))


def follow_up(scorer: Scorer, root_id: int, visible: QuerySet[OrgUnit] | None, today: date) -> dict[str, Any]:
    """What the executive page shows of corrective actions: 1 query, 2 for an official who sees part of the tree."""
    actions = open_actions(visible)
    visible_ids = None if visible is None else set(visible.values_list("id", flat=True))
    return {"unattended": unattended(scorer, root_id, actions, visible_ids), "past_due": past_due(actions, today)}


def for_indicator(indicator_id: int) -> list[CorrectiveAction]:
    """The indicator's open actions, by due date (1 query). Corrective actions are public: what the province does
    about an indicator that falls behind."""
    return list(CorrectiveAction.objects.filter(indicator_id=indicator_id, status=ActionStatus.OPEN)
                .select_related("org", "owner").order_by("due", "code"))
