"""What it takes (issue 18): ``/orgs/<code>/<year>/needed/`` — for each indicator of an organisation's scorecard,
the year value that reaches the year's achieved score, what the remaining periods must bring and the overall score
gained per unit of improvement, cheapest gains first. Public, like the scorecard. Everything comes from
:func:`govkpi.strategy.needed.needed_report`; ``?as_of=2565-Q2`` counts the results up to that period (a bad one
is said on the page and the latest is used)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from govkpi.orgs.models import OrgUnit
from govkpi.scorecards.errors import ScorecardError
from govkpi.scorecards.labels import status_label
from govkpi.strategy.needed import NeededError, needed_report, reason_label
from govkpi.strategy.pages import period_label

from .cache import cached_page
from .home import pick


def needed_page(code: str, year: int, as_of: str | None) -> dict[str, Any]:
    org = OrgUnit.objects.filter(code=code).first()
    if org is None:
        raise Http404(f"no organisation {code}")
    error = None
    try:
        try:
            report = needed_report(year, org.code, as_of)
        except NeededError as bad:
            error = bad.user_message()
            report = needed_report(year, org.code)
    except ScorecardError as missing:  # no criteria for the year, a year no rule accepts
        raise Http404(str(missing)) from missing
    rows = [{**row, "name": pick(row, "name"), "status_label": status_label(row["status"]),
             "reason_text": reason_label(row["reason"])} for row in report["indicators"]]
    return {
        "share_title": org.name,
        "org": org,
        "year": report["fiscal_year"],
        "report": report,
        "as_of_label": period_label(report["as_of"]),
        "as_of_error": error,
        "rows": rows,
        "frameworks": [{**item, "name": pick(item, "name")} for item in report["frameworks"]],
    }


@cached_page
def needed(request: HttpRequest, code: str, year: int) -> HttpResponse:
    context = needed_page(code, year, request.GET.get("as_of") or None)
    return render(request, "dashboards/needed.html", context)
