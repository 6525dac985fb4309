"""Published claims checked against the value computed from the records (workbook.md, table claims).

Metrics: ``awards.total``, ``awards.<category>`` (sum of quantities), ``assessment.<framework>.<org>.score`` (the
computed total, else the recorded score), ``assessment.<framework>.<org>.rank`` (the rank on record — national
ranks cannot be computed from one province's data — else the rank computed in the organisation's first group),
``score.overall`` and ``score.goal.<code>`` (the scorecard of the root organisation). Anything else is
``unknown_metric``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Sum

from govkpi.assessments.services import Row, framework_rows, get_framework
from govkpi.awards.choices import AwardCategory
from govkpi.awards.models import Award
from govkpi.core.frameworks import FrameworkError
from govkpi.scorecards.errors import ScorecardError
from govkpi.scorecards.services import root_org, score_org

from .models import Claim

OK, MISMATCH, UNKNOWN = "ok", "mismatch", "unknown_metric"
TOLERANCE = 0.005  # published numbers carry two decimals at most


class Computer:
    """Computes each metric once per check, reading each source once."""

    def __init__(self, fiscal_year: int) -> None:
        self.fiscal_year = fiscal_year
        self._awards: dict[str, int] | None = None
        self._frameworks: dict[str, dict[str, Row] | None] = {}
        self._card: dict[str, Any] | None = None

    def value(self, metric: str) -> tuple[bool, float | None]:
        """(known metric?, computed value or None when the records hold none)."""
        parts = metric.split(".")
        handlers: dict[str, Callable[[list[str]], tuple[bool, float | None]]] = {
            "awards": self._award_metric,
            "assessment": self._assessment_metric,
            "score": self._score_metric,
        }
        handler = handlers.get(parts[0])
        return handler(parts[1:]) if handler else (False, None)

    def _award_metric(self, parts: list[str]) -> tuple[bool, float | None]:
        if self._awards is None:
            totals = Award.objects.filter(fiscal_year=self.fiscal_year).values("category").annotate(n=Sum("quantity"))
            self._awards = {row["category"]: int(row["n"]) for row in totals}
        if parts == ["total"]:
            return True, float(sum(self._awards.values()))
        if len(parts) == 1 and parts[0] in AwardCategory.values:
            return True, float(self._awards.get(parts[0], 0))
        return False, None

    def _assessment_metric(self, parts: list[str]) -> tuple[bool, float | None]:
        if len(parts) < 3 or parts[-1] not in ("score", "rank"):
            return False, None
        framework, org, what = parts[0], ".".join(parts[1:-1]), parts[-1]
        if framework not in self._frameworks:
            try:
                rows = framework_rows(get_framework(framework, self.fiscal_year))
                self._frameworks[framework] = {row.org: row for row in rows}
            except FrameworkError:
                self._frameworks[framework] = None
        rows_by_org = self._frameworks[framework]
        if rows_by_org is None:
            return False, None
        row = rows_by_org.get(org)
        if row is None:
            return True, None
        if what == "score":
            return True, row.outcome.score
        if row.published_rank is not None:
            return True, float(row.published_rank)
        rank = row.ranks.get(row.rank_group) if row.rank_group else next(iter(row.ranks.values()), None)
        return True, None if rank is None else float(rank)

    def _score_metric(self, parts: list[str]) -> tuple[bool, float | None]:
        if parts != ["overall"] and not (len(parts) == 2 and parts[0] == "goal"):
            return False, None
        if self._card is None:
            try:
                self._card = score_org(self.fiscal_year, root_org())
            except ScorecardError:
                self._card = {"overall": {"score": None}, "goals": []}
        if parts == ["overall"]:
            return True, self._card["overall"]["score"]
        goal = next((g for g in self._card["goals"] if g["code"] == parts[1]), None)
        return True, None if goal is None else goal["score"]


def check_claims(fiscal_year: int) -> dict[str, Any]:
    """The JSON contract of `govkpi claims check` (issue 5)."""
    computer = Computer(fiscal_year)
    claims = []
    for claim in Claim.objects.filter(fiscal_year=fiscal_year).order_by("metric"):
        known, computed = computer.value(claim.metric)
        if not known:
            status = UNKNOWN
        elif computed is not None and abs(computed - claim.value) <= TOLERANCE:
            status = OK
        else:
            status = MISMATCH
        claims.append(
            {
                "metric": claim.metric,
                "claimed": _number(claim.value),
                "computed": None if computed is None else _number(round(computed, 2)),
                "status": status,
                "source": claim.source,
            }
        )
    return {"fiscal_year": fiscal_year, "claims": claims}


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value
