"""Helpers shared by the record resources (assessments, awards, claims, events, scores): a fiscal year typed as
text, the ``under`` subtree filter, ordering that puts empty values last on every database, and internal notes."""

from typing import Any

from django.db.models import F, Q, QuerySet
from django.http import HttpRequest

from govkpi.accounts.permissions import is_province_admin
from govkpi.orgs.models import OrgUnit
from govkpi.scorecards.errors import ScorecardError
from govkpi.scorecards.services import check_fiscal_year

from ..http import invalid


def fiscal_year_param(value: int | str, name: str = "fiscal_year") -> int:
    """A Buddhist-Era year from a query parameter (``2565``, ``๒๕๖๕``); 400 with the field otherwise."""
    try:
        return check_fiscal_year(value)
    except ScorecardError as error:
        raise invalid({name: [error.user_message()]}) from error


def subtree(lookup: str, code: str | None) -> Q:
    """Rows whose organisation (``lookup``: ``org`` or ``recipient``) is the one with ``code`` or below it; no row
    when no organisation has the code. One query."""
    if not code:
        return Q()
    path = OrgUnit.objects.filter(code=code.strip()).values_list("path", flat=True).first()
    if not path:
        return Q(pk__in=[])
    return Q(**{f"{lookup}__path__startswith": path})


def ordered_nulls_last(
    queryset: QuerySet[Any], ordering: str | None, lookups: dict[str, str], default: tuple[str, ...]
) -> QuerySet[Any]:
    """Like :func:`govkpi.api.http.ordered`, but empty values come last in both directions (SQLite puts them first
    and PostgreSQL last unless told)."""
    if not ordering:
        return queryset.order_by(*default)
    descending = ordering.startswith("-")
    expression = F(lookups[ordering.lstrip("-")])
    first = expression.desc(nulls_last=True) if descending else expression.asc(nulls_last=True)
    return queryset.order_by(first, *default)


def sees_notes(request: HttpRequest) -> bool:
    """Notes on records are internal: the registry and the admin pages show them to province administrators only."""
    return request.user.is_authenticated and is_province_admin(request.user)
