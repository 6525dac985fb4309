"""Scorecards from the database: the scoring.md §7 object for one organisation, or for every organisation.

Public API:

* :func:`score_org` — ``score_org(2565, org)`` → the §7 dict (4 queries; 3 when the score store of
  `govkpi.scorecards.incremental` is current, whatever the size of the subtree).
* :func:`score_all` — ``score_all(2565)`` → one §7 dict per organisation with any value, in tree order (4 queries).
* :func:`check_fiscal_year` — a BE fiscal year from user input (int or text, Thai digits allowed).
* :func:`fiscal_years` — the years that have criteria, newest first (1 query).
* :func:`root_org` — the tree's root: the parentless organisation with the most descendants (1 query).
* :func:`find_org` — an organisation by code (1 query).

Errors are :class:`~govkpi.scorecards.errors.ScorecardError`. Numbers are unrounded (§6). Beside the keys of the
contract, the dict carries ``org_name_th``/``org_name_en``; goals ``title_th``, ``title_en`` and ``note`` (the
goal's ``x_note``); indicators ``name_th``, ``name_en``, ``unit``, ``target``, ``thresholds`` and ``criteria``
(``"org"`` when an organisation's own criteria override those for all organisations, else ``"all"``).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Func, IntegerField, OuterRef, Subquery

from govkpi.core.thai import ThaiValueError, check_be_year, to_arabic_digits
from govkpi.orgs.models import OrgUnit
from govkpi.plans.models import Criterion

from .card import Scorer
from .errors import ScorecardError
from .incremental import policy_and_store, stored_card
from .loading import load_year

__all__ = [
    "ScorecardError",
    "Scorer",
    "check_fiscal_year",
    "find_org",
    "fiscal_years",
    "root_org",
    "score_all",
    "score_org",
]


def check_fiscal_year(value: int | str) -> int:
    """A Buddhist-Era fiscal year from an int or text (``2565``, ``๒๕๖๕``); a CE year is an error, not a guess."""
    text = to_arabic_digits(str(value).strip())
    if not text.isdigit() or len(text) != 4:
        raise ScorecardError("invalid_year", f"{value!r} is not a fiscal year", {"year": value})
    try:
        return check_be_year(int(text))
    except ThaiValueError as error:
        raise ScorecardError("ce_year", error.message, {"year": int(text)}) from error


def fiscal_years() -> list[int]:
    """The fiscal years that have criteria, newest first."""
    years = Criterion.objects.order_by("-fiscal_year").values_list("fiscal_year", flat=True).distinct()
    return list(years)


def root_org() -> OrgUnit:
    """The organisation without parent that has the most descendants (ties: the lowest code)."""
    root = OrgUnit.objects.filter(parent__isnull=True).annotate(size=_subtree_size()).order_by("-size", "code").first()
    if root is None:
        raise ScorecardError("no_orgs", "there are no organisations")
    return root


def _subtree_size() -> Subquery:
    """SELECT COUNT(id) of the organisations below (and including) the outer row — one correlated subquery."""
    rows = OrgUnit.objects.filter(path__startswith=OuterRef("path")).order_by()
    return Subquery(
        rows.annotate(n=Func("id", function="COUNT", output_field=IntegerField())).values("n")[:1],
        output_field=IntegerField(),
    )


def find_org(code: str) -> OrgUnit:
    org = OrgUnit.objects.filter(code=code.strip()).first()
    if org is None:
        raise ScorecardError("unknown_org", f"no organisation has code {code!r}", {"code": code})
    return org


def score_org(fiscal_year: int, org: OrgUnit) -> dict[str, Any]:
    """The §7 scorecard of one organisation: own results, else rolled up from its subtree."""
    fiscal_year = check_fiscal_year(fiscal_year)
    policy, current = policy_and_store(fiscal_year)
    if current:
        card = stored_card(fiscal_year, org, policy)
        if card is not None:
            return card
    return Scorer(load_year(fiscal_year, root=org, policy=policy)).card(org.pk)


def score_all(fiscal_year: int) -> list[dict[str, Any]]:
    """The §7 scorecard of every organisation that has a value for an indicator of its scorecard, in tree order."""
    fiscal_year = check_fiscal_year(fiscal_year)
    scorer = Scorer(load_year(fiscal_year))
    with_values = scorer.values.orgs_with_values()
    cards = []
    for org_id in scorer.data.orgs:  # tree order
        if org_id not in with_values:
            continue
        card = scorer.card(org_id)
        if any(row["value"] is not None for row in card["indicators"]):
            cards.append(card)
    return cards
