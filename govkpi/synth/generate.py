"""Deterministic synthetic data on the real admin areas, as workbook tables (docs/workbook.md).

``national``: a country root, all 77 provinces, 929 districts and 7,451 subdistricts from the shipped official data;
about 7,850 local governments in the real proportions (one provincial administrative organisation per province
outside Bangkok, 30 city and about 195 town municipalities, then a subdistrict municipality or a subdistrict
administrative organisation — sometimes both — in every subdistrict outside Bangkok); 39 provincial offices per
province (3,003); 12 goals × 100 indicators with criteria; monthly results of one fiscal year (about 9.7 million
values: each subdistrict reports 40 indicators, each local government 50, each office 40); ITA results for about
8,300 organisations (every local government and six offices per province); about 81,000 projects of the fiscal year
(5 to 10 for each local government and provincial office) with monthly progress (about 970,000 rows) and the
year's cumulative disbursement targets (planning.md).

``small``: the same recipe on one province (Phrae, 54) with 12 goals × 5 indicators; it loads in seconds.

Every random choice comes from a generator seeded with ``(seed, organisation code)``, so an organisation's rows do
not depend on which other organisations are generated, and ``fraction`` keeps the first share of the reporting
organisations (province by province) without changing their values.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass

from govkpi.core.frameworks import load_framework
from govkpi.orgs.admin_areas import BANGKOK, Area, areas

from .offices import PROVINCIAL_OFFICES

FISCAL_YEAR = 2565
MONTHS = [f"{FISCAL_YEAR}-M{m:02d}" for m in range(1, 13)]
AGGREGATIONS = ["ratio", "sum", "mean", "last"]
NATION = "TH"
REPORTING_KINDS = ("subdistrict", "local", "office")


@dataclass(frozen=True)
class Scale:
    name: str
    province: str | None  # None: the whole country, under a national root
    indicators_per_goal: int
    reports: dict[str, int]  # reporting kind → indicators each organisation of that kind reports
    offices_per_province: int
    ita_offices_per_province: int


SCALES = {
    "small": Scale("small", "54", 5, {"subdistrict": 6, "local": 8, "office": 6}, 12, 6),
    "national": Scale("national", None, 100, {"subdistrict": 40, "local": 50, "office": 40}, 39, 6),
}
GOALS = 12


@dataclass(frozen=True)
class Org:
    code: str
    name_th: str
    name_en: str
    kind: str
    parent: str | None
    reports: str | None = None  # reporting kind, or None for organisations that only roll up
    groups: tuple[str, ...] = ()

    def row(self) -> dict[str, object]:
        row: dict[str, object] = {
            "code": self.code,
            "name_th": self.name_th,
            "name_en": self.name_en,
            "kind": self.kind,
        }
        if self.parent:
            row["parent"] = self.parent
        if self.groups:
            row["groups"] = list(self.groups)
        return row


def _rng(seed: int, key: str) -> random.Random:
    return random.Random(f"{seed}/{key}")


def _local_governments(seed: int, district: Area, subdistricts: list[Area], capital: bool) -> list[Org]:
    """A district's local governments: a city municipality in a large province's capital district, a town
    municipality in about a fifth of districts, then one or two per subdistrict."""
    rng = _rng(seed, district.code)
    orgs: list[tuple[str, str, Area]] = []
    if not subdistricts:
        return []
    if capital:
        orgs.append(("city_municipality", f"เทศบาลนคร{district.name_th.removeprefix('อำเภอ')}", subdistricts[0]))
    elif rng.random() < 0.21:
        orgs.append(("town_municipality", f"เทศบาลเมือง{district.name_th.removeprefix('อำเภอ')}", subdistricts[0]))
    for sub in subdistricts:
        place = sub.name_th.removeprefix("ตำบล")
        draw = rng.random()
        if draw < 0.27:
            orgs.append(("subdistrict_municipality", f"เทศบาลตำบล{place}", sub))
        else:
            orgs.append(("sao", f"องค์การบริหารส่วนตำบล{place}", sub))
            if draw > 0.96:
                orgs.append(("subdistrict_municipality", f"เทศบาลตำบล{place}", sub))
    result = []
    for n, (kind, name, sub) in enumerate(orgs, 1):
        result.append(Org(f"L{sub.code}-{n}", name, "", kind, district.code, "local", ("lao", kind)))
    return result


def organisations(scale: Scale, seed: int) -> list[Org]:
    """Every organisation, parents before children."""
    every = areas(scale.province)
    provinces = [a for a in every if a.kind == "province"]
    districts = [a for a in every if a.kind == "district"]
    subdistricts: dict[str, list[Area]] = {}
    for area in every:
        if area.kind == "subdistrict":
            subdistricts.setdefault(area.parent or "", []).append(area)
    root = None if scale.province else NATION
    orgs = [] if root is None else [Org(NATION, "ประเทศไทย", "Thailand", "other", None)]
    sizes = {p.code: sum(len(subdistricts.get(d.code, [])) for d in districts if d.parent == p.code) for p in provinces}
    large = set(sorted(sizes, key=lambda code: (-sizes[code], code))[:30])
    for province in provinces:
        orgs.append(
            Org(province.code, province.name_th, province.name_en, "province", root, None, ("regional_administration",))
        )
        mine = [d for d in districts if d.parent == province.code]
        for district in mine:
            orgs.append(
                Org(district.code, district.name_th, district.name_en, "district", province.code, None, ("district",))
            )
        for district in mine:
            for sub in subdistricts.get(district.code, []):
                orgs.append(Org(sub.code, sub.name_th, sub.name_en, "subdistrict", district.code, "subdistrict"))
        if province.code != BANGKOK:
            place = province.name_th.removeprefix("จังหวัด")
            orgs.append(
                Org(
                    f"PAO{province.code}",
                    f"องค์การบริหารส่วนจังหวัด{place}",
                    "",
                    "pao",
                    province.code,
                    "local",
                    ("lao", "pao"),
                )
            )
            for i, district in enumerate(mine):
                capital = i == 0 and province.code in large
                orgs += _local_governments(seed, district, subdistricts.get(district.code, []), capital)
        for n in range(scale.offices_per_province):
            name = PROVINCIAL_OFFICES[n % len(PROVINCIAL_OFFICES)] + province.name_th.removeprefix("จังหวัด")
            orgs.append(
                Org(
                    f"O{province.code}-{n + 1:02d}",
                    name,
                    f"{province.name_en} provincial office {n + 1}",
                    "provincial_office",
                    province.code,
                    "office",
                    ("provincial_office",),
                )
            )
    return orgs


def indicators(scale: Scale) -> list[dict[str, object]]:
    rows = []
    for g in range(1, GOALS + 1):
        for i in range(1, scale.indicators_per_goal + 1):
            aggregation = AGGREGATIONS[(g + i) % 4]
            rows.append(
                {
                    "code": f"G{g:02d}-{i:03d}",
                    "goal": f"G{g:02d}",
                    "name_th": f"ตัวชี้วัดสังเคราะห์ {g}.{i}",
                    "name_en": f"Synthetic indicator {g}.{i}",
                    "unit": "ร้อยละ" if aggregation == "ratio" else "หน่วย",
                    "direction": "lower_is_better" if i % 5 == 0 else "higher_is_better",
                    "aggregation": aggregation,
                    "period_type": "month",
                }
            )
    return rows


def audience(code: str) -> str:
    """Which kind of organisation reports an indicator: a third of the indicators each."""
    return REPORTING_KINDS[int(code.rsplit("-", 1)[1]) % 3]


def structure(scale: Scale, seed: int) -> dict[str, list[dict[str, object]]]:
    """Every table but `results`: organisations, goals, indicators, criteria, ITA assessments."""
    rng = _rng(seed, "criteria")
    inds = indicators(scale)
    criteria = []
    for ind in inds:
        levels = [20, 40, 60, 80, 100] if ind["direction"] == "higher_is_better" else [100, 80, 60, 40, 20]
        if ind["aggregation"] == "sum":
            levels = [level * 30 for level in levels]
        criteria.append(
            {"fiscal_year": FISCAL_YEAR, "indicator": ind["code"], "weight": rng.randint(1, 5)}
            | {f"level{k}": v for k, v in enumerate(levels, 1)}
        )
    orgs = organisations(scale, seed)
    ita = load_framework("ita", FISCAL_YEAR)  # the year's bands (AA ≥ 95 … F), never a copy of them
    assessments = []
    offices_seen: dict[str, int] = {}
    for org in orgs:
        if org.reports == "office":
            offices_seen[org.parent or ""] = offices_seen.get(org.parent or "", 0) + 1
            if offices_seen[org.parent or ""] > scale.ita_offices_per_province:
                continue
        elif org.reports != "local":
            continue
        score = round(_rng(seed, f"ita/{org.code}").uniform(45, 100), 2)
        assessments.append(
            {
                "framework": "ita",
                "fiscal_year": FISCAL_YEAR,
                "org": org.code,
                "score": score,
                "level": ita.level_for(score),
            }
        )
    return {
        "org_units": [org.row() for org in orgs],
        "goals": [
            {"code": f"G{g:02d}", "title_th": f"เป้าหมายร่วมสังเคราะห์ {g}", "title_en": f"Synthetic goal {g}"}
            for g in range(1, GOALS + 1)
        ],
        "indicators": inds,
        "criteria": criteria,
        "assessments": assessments,
    }


def reporters(scale: Scale, seed: int, fraction: float = 1.0) -> list[Org]:
    """The organisations that report results; ``fraction`` keeps the first share of them in tree order."""
    orgs = [org for org in organisations(scale, seed) if org.reports]
    return orgs[: round(len(orgs) * fraction)]


def results(
    scale: Scale, seed: int, fraction: float = 1.0
) -> Iterator[tuple[str, str, str, float | None, float | None, float | None]]:
    """Approved monthly results as (indicator, org, period, value, numerator, denominator), streamed."""
    inds = indicators(scale)
    pools: dict[str, list[dict[str, object]]] = {kind: [] for kind in REPORTING_KINDS}
    for ind in inds:
        pools[audience(str(ind["code"]))].append(ind)
    for org in reporters(scale, seed, fraction):
        rng = _rng(seed, org.code)
        pool = pools[org.reports or ""]
        chosen = sorted(rng.sample(range(len(pool)), min(scale.reports[org.reports or ""], len(pool))))
        for index in chosen:
            ind = pool[index]
            code = str(ind["code"])
            if ind["aggregation"] == "ratio":
                level = rng.uniform(0.2, 1.0)
                for period in MONTHS:
                    denominator = float(rng.randint(20, 400))
                    yield code, org.code, period, None, float(round(denominator * level)), denominator
            else:
                base = rng.uniform(1, 100)
                for period in MONTHS:
                    yield code, org.code, period, round(base * rng.uniform(0.8, 1.2), 2), None, None


# Cumulative disbursement targets by quarter (synthetic, in the spirit of the Budget Bureau's yearly targets):
# every project, then investment projects.
SHARES = {"": (0.32, 0.54, 0.77, 1.0), "investment": (0.20, 0.45, 0.65, 1.0)}
PROJECTS_PER_ORG = (5, 10)
PROJECT_KINDS = ("local", "office")  # reporting kinds that run projects


def disbursement_targets() -> list[dict[str, object]]:
    return [{"fiscal_year": FISCAL_YEAR, "period": f"{FISCAL_YEAR}-Q{q}", "kind": kind, "share": share}
            for kind, shares in SHARES.items() for q, share in enumerate(shares, 1)]


def projects(scale: Scale, seed: int, fraction: float = 1.0) -> Iterator[tuple[dict[str, object],
                                                                              list[dict[str, object]]]]:
    """Projects of the year as (workbook row, its monthly progress rows), streamed. Amounts are whole baht, so no
    total is over the allocation by rounding; physical progress never goes down; about 1 % of the projects are
    cancelled during the year (nothing is paid after); a project paying behind its pace is ``delayed``.
    ``fraction`` keeps the first share of the organisations that run projects, in tree order."""
    runners = [org for org in organisations(scale, seed) if org.reports in PROJECT_KINDS]
    for org in runners[: round(len(runners) * fraction)]:
        rng = _rng(seed, f"projects/{org.code}")
        for n in range(1, rng.randint(*PROJECTS_PER_ORG) + 1):
            code = f"P{org.code}-{n:02d}"
            allocated = rng.randint(2, 400) * 25_000
            kind = "investment" if rng.random() < 0.4 else "operating"
            project: dict[str, object] = {
                "code": code, "fiscal_year": FISCAL_YEAR, "title_th": f"โครงการสังเคราะห์ที่ {n} ของ{org.name_th}",
                "title_en": f"Synthetic project {n} of {org.code}", "org": org.code,
                "goal": f"G{rng.randint(1, GOALS):02d}", "kind": kind, "allocated": float(allocated),
            }
            pace = rng.uniform(0.55, 1.1)
            cancelled_at = rng.randint(2, 11) if rng.random() < 0.01 else None
            rows: list[dict[str, object]] = []
            paid = 0
            progress = 0.0
            for month in range(1, 13):
                share = min(1.0, pace * month / 12)
                total = min(allocated, int(allocated * share))
                progress = max(progress, min(100.0, round(share * 100 + rng.uniform(-8, 4), 1)))
                status = "completed" if progress >= 100 else ("delayed" if pace < 0.85 else "on_track")
                if cancelled_at is not None and month >= cancelled_at:
                    rows.append({"project": code, "period": f"{FISCAL_YEAR}-M{month:02d}", "disbursed": 0.0,
                                 "progress": rows[-1]["progress"], "status": "cancelled"})
                    break
                rows.append({"project": code, "period": f"{FISCAL_YEAR}-M{month:02d}",
                             "disbursed": float(total - paid), "progress": progress, "status": status})
                paid = total
            yield project, rows


def result_rows(scale: Scale, seed: int, fraction: float = 1.0) -> Iterator[dict[str, object]]:
    """The results as workbook rows (dicts without empty cells)."""
    for indicator, org, period, value, numerator, denominator in results(scale, seed, fraction):
        row: dict[str, object] = {"indicator": indicator, "org": org, "period": period}
        if value is None:
            row["numerator"], row["denominator"] = numerator, denominator
        else:
            row["value"] = value
        yield row
