"""What it takes (issue 18): for an organisation and fiscal year, as of a period, the year value each indicator
of the scorecard needs to reach the year's ``achieved_from`` score, what the remaining periods must bring, and
the overall score gained per unit of improvement — the object of `govkpi plan needed` and of the page
``/orgs/<code>/<year>/needed/``.

The current values and scores are the scorecard's own (:class:`govkpi.scorecards.card.Scorer` over the
approved results of periods that end by the as-of period; criteria with the organisation's overrides, weights and
policy as loaded by :func:`govkpi.scorecards.loading.load_year`); the rules run backwards are
:mod:`govkpi.core.planner`. Numbers are unrounded. Indicators come cheapest gain first (``gain_per_unit``
highest first; those without one last, by code).

Each indicator: ``indicator``, ``value``, ``score``, ``needed``, ``remaining``, ``gain_per_unit`` (the contract),
and ``goal``, ``name_th``, ``name_en``, ``unit``, ``weight``, ``direction``, ``aggregation``, ``period_type``,
``periods_left``, ``status``, ``criteria`` (``org``/``all``), ``reason`` (why ``needed`` or ``remaining`` is
null: ``always_reached``, ``unreachable``, ``no_periods_left``, ``criteria_invalid``).

``frameworks``: for each assessment of the organisation in the year with component scores (ITA …), ``framework``,
names, ``score``, ``level``, ``next_level``, ``next_from`` and ``components`` — ``component``, ``value``, ``max``,
``points_needed`` (what it alone still needs for the next level), ``reachable``.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterable, Iterator, Sequence
from operator import itemgetter
from typing import Any, NamedTuple

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from govkpi.assessments.models import Assessment
from govkpi.core.errors import CoreError
from govkpi.core.frameworks import Framework, FrameworkError, load_framework
from govkpi.core.periods import Period, PeriodError, PeriodKind, parse_period, periods_of
from govkpi.core.planner import (
    NO_PERIODS_LEFT,
    Needed,
    band_slope,
    framework_gaps,
    needed_value,
    remaining_for,
    weight_share,
)
from govkpi.core.scoring import Aggregation, Direction
from govkpi.core.thai import format_number
from govkpi.orgs.models import OrgUnit
from govkpi.scorecards.card import Scorer
from govkpi.scorecards.loading import YearData, load_year, up_to
from govkpi.scorecards.services import check_fiscal_year, find_org, root_org
from govkpi.scorecards.table import DASH, Formatter, render_table

__all__ = ["NeededError", "needed_all", "needed_lines", "needed_report", "reason_label", "render_needed"]


class NeededError(CoreError):
    """Bad input: ``bad_as_of`` (``value``, ``year``) — not a period of the fiscal year."""

    def user_message(self) -> str:
        return _("%(value)s is not a period of fiscal year %(year)s (e.g. %(year)s-Q2).") % self.params


def check_period_of(value: str, fiscal_year: int) -> Period:
    """A period of ``fiscal_year`` from user input (``2565-Q2``, ``2565-M05``, ``2565``; Thai digits allowed)."""
    try:
        period = parse_period(value)
    except PeriodError as error:
        raise NeededError("bad_as_of", str(error), {"value": value, "year": fiscal_year}) from error
    if period.fiscal_year != fiscal_year:
        raise NeededError("bad_as_of", f"{value} is not in {fiscal_year}", {"value": value, "year": fiscal_year})
    return period


def _latest(data: YearData) -> Period | None:
    """The period of approved results in the subtree that ends latest (the longer one on a tie)."""
    periods = {row.period for rows in data.own.values() for row in rows}
    return max(periods, key=lambda p: (p.end, p.months), default=None)


def needed_report(fiscal_year: int | str, org_code: str | None = None, as_of: str | None = None) -> dict[str, Any]:
    """The `govkpi plan needed` object (module docstring); errors are ScorecardError or NeededError."""
    year = check_fiscal_year(fiscal_year)
    org = find_org(org_code) if org_code else root_org()
    period = check_period_of(as_of, year) if as_of else None
    data = load_year(year, root=org)
    if period is None:
        period = _latest(data)
    scorer = Scorer(up_to(data, period) if period else data)
    return _report(scorer.card(org.pk), _Memo(scorer.data, period), framework_rows(org, year))


def needed_all(fiscal_year: int | str, as_of: str | None = None) -> Iterator[dict[str, Any]]:
    """The `govkpi plan needed` object of every organisation with a value for an indicator of its scorecard (the
    organisations `govkpi score --all-orgs` lists), in tree order, from one read of the year.

    One as-of period for all: the one given, else the latest period with approved results anywhere in the year (an
    organisation's own report, :func:`needed_report`, defaults to the latest of its subtree). When that period leaves
    no result out, the cards come from the bulk engine (`govkpi.scorecards.bulk`, the same cards as the core's);
    an earlier period takes the core's scorer over the results up to it."""
    return (report for report, _memo in _all_reports(fiscal_year, as_of))


def needed_lines(fiscal_year: int | str, as_of: str | None = None) -> Iterator[str]:
    """The same objects as JSON text, one string per organisation: ``json.dumps(report, ensure_ascii=False)``
    exactly, the text of the rows without a value (most rows of a national card, alike for every organisation that
    shares the criteria) written once."""
    for report, memo in _all_reports(fiscal_year, as_of):
        rows = report["indicators"]
        text = json.dumps({**report, "indicators": [ROWS]}, ensure_ascii=False)
        head, _rows, tail = text.partition(json.dumps(ROWS))
        yield head + ", ".join(memo.text_of(row) for row in rows) + tail


# Where the rows go in a report's text: no data holds this string (NULs and a token drawn when the process starts).
ROWS = f"\x00rows-{secrets.token_hex(16)}\x00"


def _all_reports(fiscal_year: int | str, as_of: str | None) -> Iterator[tuple[dict[str, Any], _Memo]]:
    from govkpi.scorecards.bulk import bulk_scorer, latest_period, read_inputs  # numpy: only when asked

    year = check_fiscal_year(fiscal_year)
    period = check_period_of(as_of, year) if as_of else None
    inputs = read_inputs(year)
    latest = latest_period(inputs.results)
    period = period or latest
    cards: Iterable[dict[str, Any]]
    if latest is None or period is None or latest.end <= period.end:
        bulk = bulk_scorer(inputs)
        data, cards = bulk.data, bulk.cards()
    else:
        del inputs
        scorer = Scorer(up_to(load_year(year), period))
        data = scorer.data
        with_values = scorer.values.orgs_with_values()
        cards = (card for card in (scorer.card(org_id) for org_id in data.orgs if org_id in with_values)
                 if any(row["value"] is not None for row in card["indicators"]))
    memo = _Memo(data, period)
    assessments: dict[str, list[Assessed]] = {}
    rows = Assessment.objects.filter(fiscal_year=year).order_by("org_id", "framework")
    for code, framework, components in rows.values_list("org__code", "framework", "components").iterator():
        assessments.setdefault(code, []).append(Assessed(framework, components))
    loaded: dict[str, Framework] = {}
    for card in cards:
        yield _report(card, memo, _framework_gaps(assessments.get(card["org"], []), year, loaded)), memo


class Assessed(NamedTuple):
    """What the planner reads of an assessment."""

    framework: str
    components: Any


def _report(card: dict[str, Any], memo: _Memo, frameworks: list[dict[str, Any]]) -> dict[str, Any]:
    policy = memo.policy
    by_code = memo.by_code
    total = sum(row["weight"] for row in card["indicators"])
    scored = sum(row["weight"] for row in card["indicators"] if row["score"] is not None)
    rows = [memo.row(row, by_code[row["code"]], scored, total) for row in card["indicators"]]
    rows += [_left_out(item, by_code[item["code"]]) for item in card.get("left_out", [])]
    gaining = sorted((r for r in rows if r["gain_per_unit"] is not None),
                     key=lambda r: (-r["gain_per_unit"], r["indicator"]))  # cheapest gain first
    rows = gaining + sorted((r for r in rows if r["gain_per_unit"] is None), key=itemgetter("indicator"))
    return {
        "fiscal_year": memo.fiscal_year,
        "org": card["org"],
        "org_name_th": card["org_name_th"],
        "org_name_en": card["org_name_en"],
        "as_of": memo.as_of.code if memo.as_of else None,
        "achieved_from": policy.achieved_from,
        "policy": card["policy"],
        "overall": card["overall"],
        "indicators": rows,
        "frameworks": frameworks,
    }


def framework_rows(org: OrgUnit, year: int) -> list[dict[str, Any]]:
    """For each assessment of the organisation in the year with component scores: the next level and the points
    each component alone still needs (:func:`govkpi.core.planner.framework_gaps`); others are left out."""
    return _framework_gaps(Assessment.objects.filter(org=org, fiscal_year=year).order_by("framework"), year)


def _framework_gaps(assessments: Iterable[Assessment | Assessed], year: int,
                    loaded: dict[str, Framework] | None = None) -> list[dict[str, Any]]:
    """``loaded``: frameworks already read (by code), so that a nation's assessments read each file once."""
    loaded = {} if loaded is None else loaded
    rows = []
    for assessment in assessments:
        if not isinstance(assessment.components, dict):
            continue
        try:
            if assessment.framework not in loaded:
                loaded[assessment.framework] = load_framework(assessment.framework, year)
            framework = loaded[assessment.framework]
            gaps = framework_gaps(framework, assessment.components)
        except (FrameworkError, TypeError, ValueError, KeyError):  # a file or figures no rule accepts: nothing to say
            continue
        if gaps is not None:
            rows.append({"framework": framework.code, "name_th": framework.name_th, "name_en": framework.name_en,
                         **gaps})
    return rows


class _Memo:
    """What many rows of one run share, computed once: the needed value of each criterion (organisations mostly
    share the criteria for all, and running the level function backwards is a bisection over the floats) and the
    periods done and left of each reporting type."""

    def __init__(self, data: YearData, as_of: Period | None) -> None:
        """``data``: the year as the scorer holds it (its policy the one the scores were made with)."""
        self.fiscal_year, self.policy, self.as_of = data.fiscal_year, data.policy, as_of
        self.by_code = {indicator.code: indicator for indicator in data.indicators.values()}
        self._needed: dict[tuple[tuple[float, ...], Direction], Needed] = {}
        self._periods: dict[str, tuple[int, int]] = {}
        self._rows: dict[tuple[Any, ...], dict[str, Any]] = {}
        self._texts: dict[int, str] = {}  # id of a shared row → its JSON text (the rows live as long as the memo)

    def row(self, row: dict[str, Any], indicator: Any, scored: float, total: float) -> dict[str, Any]:
        """The planner's row of a card's row. A row without a value depends on nothing of its organisation but the
        criteria and weight (no gain without a value): made once, shared, its JSON text kept (`text_of`)."""
        if row["value"] is not None:
            return _row(row, indicator, self, scored, total)
        # the goal, names and unit are the indicator's (its code's) in every card of the year
        key = (row["code"], row["score"], row["weight"], row["status"], row["criteria"], tuple(row["thresholds"]))
        shared = self._rows.get(key)
        if shared is None:
            shared = self._rows[key] = _row(row, indicator, self, scored, total)
            self._texts[id(shared)] = json.dumps(shared, ensure_ascii=False)
        return shared

    def text_of(self, row: dict[str, Any]) -> str:
        return self._texts.get(id(row)) or json.dumps(row, ensure_ascii=False)

    def needed(self, thresholds: Sequence[float], direction: Direction) -> Needed:
        key = (tuple(thresholds), direction)
        if key not in self._needed:
            self._needed[key] = needed_value(self.policy.achieved_from, thresholds, direction, self.policy)
        return self._needed[key]

    def periods(self, period_type: str) -> tuple[int, int]:
        """(periods done, periods left) of the reporting type: those that end by the as-of period, the rest (no
        as-of period: none done)."""
        if period_type not in self._periods:
            kind = PeriodKind(period_type)
            done = 0 if self.as_of is None else sum(
                1 for p in periods_of(self.as_of.fiscal_year, kind) if p.end <= self.as_of.end)
            self._periods[period_type] = (done, kind.per_year - done)
        return self._periods[period_type]


def _row(row: dict[str, Any], indicator: Any, memo: _Memo, scored: float, total: float) -> dict[str, Any]:
    direction = Direction(indicator.direction)
    aggregation = Aggregation(indicator.aggregation)
    value = row["value"]
    policy = memo.policy
    needed = memo.needed(row["thresholds"], direction)
    done, left = memo.periods(indicator.period_type)
    remaining = None if needed.value is None else remaining_for(aggregation, needed.value, value, done, left)
    reason = needed.reason or (NO_PERIODS_LEFT if needed.value is not None and remaining is None else None)
    gain = None
    if value is not None:
        gain = weight_share(row["weight"], scored, total, policy) * band_slope(value, row["thresholds"], direction)
    return {
        "indicator": row["code"],
        "value": value,
        "score": row["score"],
        "needed": needed.value,
        "remaining": remaining,
        "gain_per_unit": gain,
        "reason": reason,
        "goal": row["goal"],
        "name_th": row["name_th"],
        "name_en": row["name_en"],
        "unit": row["unit"],
        "weight": row["weight"],
        "direction": str(direction),
        "aggregation": str(aggregation),
        "period_type": indicator.period_type,
        "periods_left": left,
        "status": row["status"],
        "criteria": row["criteria"],
    }


def _left_out(item: dict[str, Any], indicator: Any) -> dict[str, Any]:
    """An indicator whose criteria no rule accepts: listed, with nothing to compute from."""
    return {
        "indicator": item["code"], "value": None, "score": None, "needed": None, "remaining": None,
        "gain_per_unit": None, "reason": "criteria_invalid", "goal": item["goal"], "name_th": indicator.name_th,
        "name_en": indicator.name_en, "unit": indicator.unit, "weight": None, "direction": indicator.direction,
        "aggregation": indicator.aggregation, "period_type": indicator.period_type, "periods_left": None,
        "status": "no_data", "criteria": None,
    }


def render_needed(report: dict[str, Any], digits: str = "arabic") -> str:
    """`govkpi plan needed --format table`: one line per indicator, cheapest gain first."""
    f = Formatter(digits)

    def number(value: float | None) -> str:
        return DASH if value is None else f.value(value)

    def gain(value: float | None) -> str:
        return DASH if value is None else format_number(value, 4, digits=digits)

    lines = [_("What it takes to reach score %(score)s: %(org)s, fiscal year %(year)s, as of %(as_of)s") % {
        "score": f.score(report["achieved_from"]), "org": report["org"], "year": f.year(report["fiscal_year"]),
        "as_of": _period_text(report["as_of"], digits)}, ""]
    lines += render_table(
        [_("Indicator"), _("Value"), _("Score"), _("Needed"), _("Remaining periods must bring"),
         _("Score gain per unit"), _("Note")],
        [[row["indicator"], number(row["value"]), f.score(row["score"]), number(row["needed"]),
          number(row["remaining"]), gain(row["gain_per_unit"]),
          reason_label(row["reason"])] for row in report["indicators"]],
        [False, True, True, True, True, True, False],
    )
    for item in report.get("frameworks", []):
        lines += ["", _("%(framework)s: score %(score)s, level %(level)s; next level %(next)s from %(from)s") % {
            "framework": item["framework"].upper(), "score": f.score(item["score"]), "level": item["level"] or DASH,
            "next": item["next_level"] or DASH, "from": number(item["next_from"])}]
        lines += render_table(
            [_("Component"), _("Score"), _("Points needed"), _("Reachable")],
            [[row["component"], number(row["value"]), number(row["points_needed"]),
              DASH if row["reachable"] is None else (_("yes") if row["reachable"] else _("no"))]
             for row in item["components"]],
            [False, True, True, False],
        )
    return "\n".join(lines)


def _period_text(code: str | None, digits: str) -> str:
    if not code:
        return DASH
    return parse_period(code).label("en" if get_language() == "en" else "th", digits)


def reason_label(reason: str | None) -> str:
    """Why a row has no needed value or remainder, in the active language."""
    labels = {
        "always_reached": _("every value reaches the score"),
        "unreachable": _("no value reaches the score"),
        "no_periods_left": _("no period left"),
        "criteria_invalid": _("criteria cannot be used"),
    }
    return labels.get(reason or "", "")
