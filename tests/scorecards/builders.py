"""Small org trees, goals, indicators, criteria and results built with the ORM (no workbook, no loader)."""

from __future__ import annotations

from dataclasses import dataclass

from govkpi.orgs.actions import rebuild_paths
from govkpi.orgs.models import OrgUnit
from govkpi.plans.models import Criterion, Goal, Indicator, ScoringPolicy
from govkpi.results.models import Result

LEVELS = (60.0, 70.0, 80.0, 90.0, 100.0)
FALLING = (20.0, 15.0, 10.0, 5.0, 0.0)


def make_orgs(*specs: tuple[str, str | None, str]) -> dict[str, OrgUnit]:
    """(code, parent code, Thai name) in parent-first order → {code: OrgUnit} with paths built."""
    made: dict[str, OrgUnit] = {}
    for code, parent, name_th in specs:
        kind = "province" if parent is None else "district" if len(code) == 4 else "subdistrict"
        made[code] = OrgUnit.objects.create(
            code=code, name_th=name_th, name_en=f"Unit {code}", kind=kind, parent=made.get(parent) if parent else None
        )
    rebuild_paths()
    for org in made.values():
        org.refresh_from_db()
    return made


def make_goal(code: str, title_th: str = "", title_en: str = "", note: str = "") -> Goal:
    extra = {"x_note": note} if note else {}
    return Goal.objects.create(code=code, title_th=title_th or f"เป้าหมาย {code}", title_en=title_en, extra=extra)


def make_indicator(
    code: str,
    goal: Goal,
    *,
    aggregation: str = "mean",
    direction: str = "higher_is_better",
    unit: str = "ร้อยละ",
    multiplier: float = 100,
) -> Indicator:
    return Indicator.objects.create(
        code=code,
        goal=goal,
        name_th=f"ตัวชี้วัด {code}",
        name_en=f"Indicator {code}",
        unit=unit,
        direction=direction,
        aggregation=aggregation,
        multiplier=multiplier,
    )


def make_criterion(
    year: int,
    indicator: Indicator,
    *,
    org: OrgUnit | None = None,
    weight: float = 1,
    levels: tuple[float, ...] = LEVELS,
    target: float | None = None,
) -> Criterion:
    l1, l2, l3, l4, l5 = levels
    return Criterion.objects.create(
        fiscal_year=year,
        indicator=indicator,
        org=org,
        weight=weight,
        level1=l1,
        level2=l2,
        level3=l3,
        level4=l4,
        level5=l5,
        target=target if target is not None else l3,
    )


def make_result(
    indicator: Indicator,
    org: OrgUnit,
    period: str,
    value: float | None = None,
    *,
    numerator: float | None = None,
    denominator: float | None = None,
    status: str = "approved",
) -> Result:
    return Result.objects.create(
        indicator=indicator,
        org=org,
        period=period,
        value=value,
        numerator=numerator,
        denominator=denominator,
        status=status,
    )


def make_policy(year: int, **fields: object) -> ScoringPolicy:
    return ScoringPolicy.objects.create(fiscal_year=year, **fields)


@dataclass
class Phrae:
    """Province 54 with districts 5401 (and subdistrict 540101), 5402 and 5403 (no results); two goals."""

    orgs: dict[str, OrgUnit]
    goals: dict[str, Goal]
    indicators: dict[str, Indicator]


def build_phrae(year: int = 2565) -> Phrae:
    orgs = make_orgs(
        ("54", None, "จังหวัดแพร่"),
        ("5401", "54", "อำเภอเมืองแพร่"),
        ("540101", "5401", "ตำบลในเวียง"),
        ("5402", "54", "อำเภอร้องกวาง"),
        ("5403", "54", "อำเภอลอง"),  # reports nothing
    )
    g1 = make_goal("G01", "เศรษฐกิจมั่นคง", "A stable economy", note="Illustrative goals for the demo.")
    g2 = make_goal("G02", "สังคมปลอดภัย", "A safe society")
    mean = make_indicator("G01-1", g1, aggregation="mean")
    ratio = make_indicator("G01-2", g1, aggregation="ratio")
    deaths = make_indicator("G02-1", g2, aggregation="sum", direction="lower_is_better", unit="ราย")
    make_criterion(year, mean, weight=5)
    make_criterion(year, ratio, weight=3)
    make_criterion(year, deaths, weight=2, levels=FALLING)
    # Province-level own results for the mean indicator; districts report the others.
    make_result(mean, orgs["54"], f"{year}-Q1", 80)
    make_result(mean, orgs["54"], f"{year}-Q2", 90)  # mean 85 → 3.5
    make_result(ratio, orgs["5401"], f"{year}-H1", numerator=30, denominator=40)
    make_result(ratio, orgs["5402"], f"{year}", numerator=45, denominator=60)  # 75/100 → 75% → 2.5
    make_result(deaths, orgs["540101"], f"{year}-Q1", 4)
    make_result(deaths, orgs["5402"], f"{year}-Q1", 8)  # sum 12 → 2.6
    return Phrae(orgs, {"G01": g1, "G02": g2}, {"G01-1": mean, "G01-2": ratio, "G02-1": deaths})
