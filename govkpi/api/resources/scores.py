"""`/api/v1/scores`: the scorecard of docs/scoring.md §7, exactly what `govkpi score` prints as JSON. Public: the
dashboards show every organisation's scorecard.

* ``GET /scores?fiscal_year=&org=`` — one organisation (default: the province, the root of the tree): the body
  pre-rendered by `materialise` while the score store is current (`govkpi.scorecards.prerender`: 2 queries, byte for
  byte the body computed otherwise), else built from the stored values when they are current (3 queries at any
  scale), else computed from the approved results

Every organisation's scorecard at once is not offered here: at national scale it is minutes of work per request.
The open-data downloads carry it, computed once per data version.
"""

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from ninja import Field, Query, Router, Schema
from ninja.responses import NinjaJSONEncoder
from pydantic import BaseModel, ConfigDict

from govkpi.scorecards.errors import ScorecardError
from govkpi.scorecards.prerender import prerendered_body
from govkpi.scorecards.services import find_org, fiscal_years, root_org, score_org

from ..http import PUBLIC, ApiError, finite, invalid, not_found, responses
from ._records import fiscal_year_param

router = Router()

Number = int | float | None
CONTENT_TYPE = "application/json; charset=utf-8"


class Open(BaseModel):
    """Keys of the contract, and any keys added beside them, passed through unchanged and in the same order
    (a plain pydantic model: Ninja's ``Schema`` would drop the keys it does not declare)."""

    model_config = ConfigDict(extra="allow")


class ScoreOverallOut(Open):
    score: Number
    coverage: Number
    status: str


class ScoreGoalOut(Open):
    code: str
    score: Number
    coverage: Number
    status: str


class ScoreIndicatorOut(Open):
    code: str
    goal: str
    weight: Number
    value: Number
    score: Number
    status: str
    source: str | None


class ScorecardOut(Open):
    fiscal_year: int
    org: str
    org_name_th: str
    org_name_en: str
    policy: dict[str, Any]
    overall: ScoreOverallOut
    goals: list[ScoreGoalOut]
    indicators: list[ScoreIndicatorOut]


class ScorecardQuery(Schema):
    fiscal_year: str | None = Field(None, description="Buddhist-Era fiscal year (default: the newest with criteria).")
    org: str | None = Field(None, description="Organisation code (default: the province, the root of the tree).")


def scorecard_error(error: ScorecardError) -> ApiError:
    if error.code in ("invalid_year", "ce_year"):
        return invalid({"fiscal_year": [error.user_message()]})
    if error.code in ("unknown_org", "no_orgs", "no_criteria"):
        return ApiError(404, "not_found", error.user_message())
    return ApiError(409, "conflict", error.user_message())  # the records break a scoring rule


def _year(value: str | None) -> int:
    if value is None or not value.strip():
        years = fiscal_years()
        if not years:
            raise not_found()
        return years[0]
    return fiscal_year_param(value)


@router.get("", response=responses(ScorecardOut, extra=(409,)), auth=PUBLIC, summary="The scorecard of an organisation")
def get_scores(request: HttpRequest, query: ScorecardQuery = Query(...)) -> Any:  # noqa: B008
    year = _year(query.fiscal_year)
    try:
        org = find_org(query.org) if query.org else root_org()
        body = prerendered_body(year, org)
        if body is not None:
            return HttpResponse(body, content_type=CONTENT_TYPE)
        card = score_org(year, org)
    except ScorecardError as error:
        raise scorecard_error(error) from error
    # Rendered here rather than checked field by field against ScorecardOut: a national card has 1,200 indicators
    # and the check would cost a fifth of the request. It is the same object `govkpi score` prints, and the
    # schemathesis tests hold every answer to the schema.
    return JsonResponse(finite(card), encoder=NinjaJSONEncoder, content_type=CONTENT_TYPE)
