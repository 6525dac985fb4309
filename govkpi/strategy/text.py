"""The strategy objects as text tables for people (`--format table`); JSON keeps the full values."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from govkpi.scorecards.table import DASH, Formatter, render_table

from .labels import progress_label, status_label


def _behind(row: Mapping[str, Any]) -> str:
    return _("behind") if row["behind"] else ""


def _money(f: Formatter, value: float | None) -> str:
    return DASH if value is None else f.value(value)


def render_budget(report: Mapping[str, Any], titles: Mapping[str, str], digits: str = "arabic") -> str:
    """`govkpi budget --format table`: totals, then by goal, by organisation and by project."""
    f = Formatter(digits)
    totals = report["totals"]
    heading = [_("Group"), _("Projects"), _("Allocated"), _("Disbursed"), _("Rate"), _("Target"), _("Behind")]
    right = [False, True, True, True, True, True, False]

    def line(name: str, row: Mapping[str, Any]) -> list[str]:
        return [name, f.value(row["projects"]), _money(f, row["allocated"]), _money(f, row["disbursed"]),
                f.percent(row["rate"]), f.percent(row["target_rate"]), _behind(row)]

    lines = [_("Budget disbursement, fiscal year %(year)s, as of %(as_of)s") % {
        "year": f.year(report["fiscal_year"]), "as_of": report["as_of"] or DASH}, ""]
    lines += render_table(heading, [line(_("Total"), totals)], right)
    lines += ["", _("By goal")]
    lines += render_table(heading, [line(row["goal"] or DASH, row) for row in report["goals"]], right)
    lines += ["", _("By organisation")]
    lines += render_table(heading, [line(row["org"], row) for row in report["orgs"]], right)
    lines += ["", _("Projects")]
    lines += render_table(
        [_("Project"), _("Goal"), _("Organisation"), _("Allocated"), _("Disbursed"), _("Rate"), _("Target"),
         _("Behind"), _("Progress"), _("Status"), _("Title")],
        [[row["code"], row["goal"] or DASH, row["org"], _money(f, row["allocated"]), _money(f, row["disbursed"]),
          f.percent(row["rate"]), f.percent(row["target_rate"]), _behind(row),
          DASH if row["progress"] is None else f.value(row["progress"]) + "%", status_label(row["status"]),
          titles.get(row["code"], "")] for row in report["projects"]],
        [False, False, False, True, True, True, True, False, True, False, False],
    )
    return "\n".join(lines)


def render_plan_progress(report: Mapping[str, Any], digits: str = "arabic") -> str:
    """`govkpi plan progress --format table`: one line per indicator and year."""
    f = Formatter(digits)
    lines = [_("Targets of plan %(plan)s for %(org)s") % {"plan": report["plan"], "org": report["org"]}, ""]
    rows = []
    for line in report["indicators"]:
        for index, year in enumerate(line["years"]):
            met = DASH if year["met"] is None else (_("met") if year["met"] else _("not met"))
            rows.append([line["indicator"] if index == 0 else "", f.year(year["fiscal_year"]), f.value(year["target"]),
                         f.value(year["actual"]), met, progress_label(line["status"]) if index == 0 else ""])
    lines += render_table([_("Indicator"), _("Year"), _("Target"), _("Actual"), _("Met"), _("Progress")], rows,
                          [False, False, True, True, False, False])
    return "\n".join(lines)
