"""What the public assessment pages show, read in a fixed number of queries."""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from govkpi.core.framework_results import summary
from govkpi.core.frameworks import Framework, FrameworkError

from .errors import flag_message, flag_templates
from .services import framework_rows, framework_weak_spots, get_framework, recorded_years


def _name(th: str, en: str) -> str:
    return en if get_language() == "en" and en else th


def index_page() -> dict[str, Any]:
    entries = []
    for code, year in recorded_years():
        try:
            framework = get_framework(code, year)
        except FrameworkError:
            continue
        rows = framework_rows(framework)
        entries.append(
            {
                "code": code,
                "year": year,
                "name": _name(framework.name_th, framework.name_en),
                "summary": summary([row.outcome for row in rows]),
            }
        )
    return {"entries": entries}


def passed_label(passed: bool | None) -> str:
    if passed is None:
        return _("no pass mark")
    return _("passed") if passed else _("not passed")


def framework_page(code: str, year: int) -> dict[str, Any]:
    framework: Framework = get_framework(code, year)
    rows = framework_rows(framework)
    templates = flag_templates()
    marks = {"V": _("confirmed"), "P": _("partly confirmed"), "U": _("not confirmed")}
    lines = [
        {
            "org": row.org,
            "name": row.name,
            "score": row.outcome.score,
            "level": row.outcome.level,
            "passed": row.outcome.passed,
            "passed_label": passed_label(row.outcome.passed),
            "ranks": sorted(row.ranks.items()),
            "published_rank": row.published_rank,
            "rank_group": row.rank_group,
            "published_level": row.published_level,
            "flags": [flag_message(flag, templates) for flag in row.flags],
        }
        for row in rows
    ]
    spots = [
        {
            "code": s.code,
            "name": _name(s.name_th, s.name_en),
            "is_indicator": s.is_indicator,
            "mean": s.mean,
            "count": s.count,
            "below": s.below,
        }
        for s in framework_weak_spots(framework, rows)
    ]
    return {
        "framework": framework,
        "name": _name(framework.name_th, framework.name_en),
        "summary": summary([row.outcome for row in rows]),
        "rows": lines,
        "weak_spots": spots,
        "confidence": [(rule.replace("_", " "), mark, marks[mark]) for rule, mark in framework.confidence.items()],
        "has_scores": any(line["score"] is not None for line in lines),
    }
