"""The indicator page: definition, unit, source and criteria; the province's value over the periods of the year and
over the years; the breakdown by district and local government; when results were last updated and approved.

`indicator_page` runs 13 queries, plus 4 for each earlier year shown (at most `YEARS_SHOWN` years in all): the years,
the indicator, the root, the year's data (4), why rows have no value (2), the breakdown's organisations, the
latest result times, and the published commentary and open corrective actions (`govkpi.strategy`).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Max, Q
from django.utils import timezone

from govkpi.core.scoring import Direction, level_score, status_for
from govkpi.orgs.choices import OrgKind
from govkpi.orgs.models import OrgUnit
from govkpi.plans.models import Indicator
from govkpi.results.choices import ResultStatus
from govkpi.results.models import Result
from govkpi.scorecards.card import criteria_problem, problem_dict
from govkpi.scorecards.errors import ScorecardError
from govkpi.scorecards.labels import reason_label, status_label
from govkpi.scorecards.loading import load_year
from govkpi.scorecards.reasons import Reasons
from govkpi.scorecards.services import Scorer, fiscal_years, root_org
from govkpi.strategy import commentary, followup

from .charts import period_chart, year_chart
from .explain import legend
from .goal import indicator_rows
from .home import NotFound, choose_year, pick
from .problems import problem_text

YEARS_SHOWN = 5
LOCAL_KINDS = (
    OrgKind.PAO,
    OrgKind.CITY_MUNICIPALITY,
    OrgKind.TOWN_MUNICIPALITY,
    OrgKind.SUBDISTRICT_MUNICIPALITY,
    OrgKind.SAO,
)
SORT_KEYS = ("name", "kind", "value", "score")


def breakdown(
    scorer: Scorer, indicator: Indicator, sort: str, descending: bool, reasons: Reasons | None = None
) -> list[dict[str, Any]]:
    """One row per district and local government in the tree: value, score and status under its own criteria;
    without a value, why (``reason_text``)."""
    reasons = reasons or Reasons(scorer.data, timezone.localdate())
    data = scorer.data
    kinds = dict(OrgKind.choices)
    orgs = OrgUnit.objects.filter(kind__in=(OrgKind.DISTRICT, *LOCAL_KINDS), id__in=list(data.orgs)).order_by()
    rows = []
    for org_id, code, name_th, name_en, kind in orgs.values_list("id", "code", "name_th", "name_en", "kind"):
        combined = scorer.values.get(org_id, indicator.pk)
        criterion = data.criteria_for(org_id).get(indicator.pk)
        score = None
        problem = scorer.values.problem(org_id, indicator.pk)  # a stored row breaks a rule: no value, said why
        if problem is None and criterion is not None:
            problem = criteria_problem(criterion, indicator.direction)
        if combined.value is not None and criterion is not None and problem is None:
            score = level_score(combined.value, criterion.thresholds, Direction(indicator.direction), data.policy)
        status = str(status_for(score, data.policy))
        reason = "" if combined.value is not None or problem is not None else reason_label(
            reasons.why(org_id, indicator.pk))
        rows.append(
            {
                "code": code,
                "name": pick({"name_th": name_th, "name_en": name_en}, "name"),
                "kind": kind,
                "kind_label": str(kinds.get(kind, kind)),
                "group": "district" if kind == OrgKind.DISTRICT else "local",
                "value": combined.value,
                "score": score,
                "status": status,
                "status_label": status_label(status),
                "problem_text": problem_text({"problem": problem_dict(problem)}) if problem is not None else "",
                "reason_text": reason,
            }
        )
    return sort_rows(rows, sort, descending)


def sort_rows(rows: list[dict[str, Any]], sort: str, descending: bool) -> list[dict[str, Any]]:
    """Sorted by a column; rows without a value always last."""
    if sort not in SORT_KEYS:
        sort = "score"
    if sort in ("name", "kind"):
        key = "kind_label" if sort == "kind" else "name"
        return sorted(rows, key=lambda r: (str(r[key]), r["code"]), reverse=descending)
    present = sorted((r for r in rows if r[sort] is not None), key=lambda r: (r[sort], r["code"]), reverse=descending)
    return present + [r for r in rows if r[sort] is None]


def years_series(province: OrgUnit, indicator: Indicator, years: list[int], current: Scorer) -> list[dict[str, Any]]:
    """The province's value and score of the indicator in each of the latest years with criteria, oldest first."""
    shown = sorted(years[:YEARS_SHOWN])
    points = []
    for year in shown:
        scorer = current if year == current.data.fiscal_year else None
        if scorer is None:
            data = load_year(year, root=province)
            if indicator.pk not in data.indicators:
                continue
            scorer = Scorer(data)
        row = next((r for r in scorer.card(province.pk)["indicators"] if r["code"] == indicator.code), None)
        if row is not None and row["value"] is not None:  # None: left out that year (criteria no rule accepts)
            points.append({"year": year, "value": row["value"], "score": row["score"]})
    return points


def indicator_page(
    code: str, requested_year: str | None, sort: str = "score", order: str = "desc", digits: str = "arabic"
) -> dict[str, Any]:
    years = fiscal_years()
    if not years:
        raise NotFound("no fiscal year has criteria")
    year = choose_year(requested_year, years)
    indicator = Indicator.objects.select_related("goal").filter(code=code).first()
    if indicator is None:
        raise NotFound(f"no indicator {code}")
    try:
        province = root_org()
    except ScorecardError as error:
        raise NotFound(error.message) from error
    scorer = Scorer(load_year(year, root=province))
    if indicator.pk not in scorer.data.indicators:
        raise NotFound(f"indicator {code} has no criteria in {year}")
    card = scorer.card(province.pk)
    reasons = Reasons(scorer.data, timezone.localdate())
    row = indicator_rows(scorer, province.pk, card, indicator.goal.code, reasons)
    row = next(r for r in row if r["code"] == indicator.code)
    descending = order != "asc"
    times = Result.objects.filter(indicator=indicator, fiscal_year=year).aggregate(
        updated=Max("updated_at"), approved=Max("updated_at", filter=Q(status=ResultStatus.APPROVED))
    )
    criterion = scorer.data.criteria_for(province.pk)[indicator.pk]
    by_year = years_series(province, indicator, years, scorer)
    return {
        "share_title": f"{indicator.code} {indicator.name}",
        "share_description": indicator.definition_th or indicator.name,
        "years": years,
        "year": year,
        "province": province,
        "province_name": pick(card, "org_name"),
        "indicator": indicator,
        "goal_title": indicator.goal.title,
        "row": row,
        "legend": legend(card.get("policy")),
        "explain_org": province.code,
        "criterion": criterion,
        "by_year": by_year,
        "period_chart": period_chart(
            "chart-periods", row["points"], indicator.unit, digits, criterion.target, indicator.aggregation
        ),
        "year_chart": year_chart("chart-years", by_year, indicator.unit, digits, criterion.target),
        "breakdown": breakdown(scorer, indicator, sort, descending, reasons),
        "sort": sort if sort in SORT_KEYS else "score",
        "descending": descending,
        "last_updated": times["updated"],
        "last_approved": times["approved"],
        "commentary": commentary.for_indicator(indicator, year),  # approved periods only (planning.md)
        "actions": followup.for_indicator(indicator.pk),
    }
