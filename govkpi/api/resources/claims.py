"""`/api/v1/claims`: numbers published elsewhere (press releases, reports) and their check against the records.
Public: the awards page shows every claim with its check.

* ``GET /claims?fiscal_year=&ordering=``
* ``GET /claims/check?fiscal_year=`` — exactly what `govkpi claims check` prints as JSON
"""

from typing import Any

from django.http import HttpRequest
from ninja import Field, FilterSchema, Query, Router, Schema
from ninja.pagination import paginate

from govkpi.claims.models import Claim
from govkpi.claims.services import check_claims

from ..http import PUBLIC, PageNumber, Rows, ordered, ordering_type, responses
from ._records import fiscal_year_param

router = Router()


class ClaimOut(Schema):
    id: int
    fiscal_year: int
    metric: str
    value: float
    source: str


class ClaimFilters(FilterSchema):
    fiscal_year: int | None = Field(None, ge=0, le=32767)


ORDERING = {"fiscal_year": "fiscal_year", "metric": "metric"}


def serialize(claim: Claim) -> dict[str, Any]:
    return {
        "id": claim.pk,
        "fiscal_year": claim.fiscal_year,
        "metric": claim.metric,
        "value": claim.value,
        "source": claim.source,
    }


@router.get("", response=list[ClaimOut], auth=PUBLIC, summary="List published claims")
@paginate(PageNumber)
def list_claims(
    request: HttpRequest,
    filters: ClaimFilters = Query(...),  # noqa: B008
    ordering: ordering_type(*ORDERING) | None = None,  # type: ignore[valid-type]
) -> Any:
    rows = filters.filter(Claim.objects.all())
    return Rows(ordered(rows, ordering, ORDERING, ("fiscal_year", "metric", "id")), serialize)


class ClaimCheckQuery(Schema):
    fiscal_year: str = Field(..., description="Buddhist-Era fiscal year.")


class ClaimCheckRowOut(Schema):
    metric: str
    claimed: int | float
    computed: int | float | None
    status: str = Field(..., description="ok, mismatch or unknown_metric.")
    source: str


class ClaimCheckOut(Schema):
    fiscal_year: int
    claims: list[ClaimCheckRowOut]


@router.get("/check", response=responses(ClaimCheckOut), auth=PUBLIC,
            summary="Every claim of a year against the value computed from the records (govkpi claims check)")
def check(request: HttpRequest, query: ClaimCheckQuery = Query(...)) -> Any:  # noqa: B008
    return check_claims(fiscal_year_param(query.fiscal_year))
