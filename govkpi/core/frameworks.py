"""External assessment frameworks (ITA, GECC, PMQA, moral organisation …) as yearly configuration.

A framework year is one data file, ``govkpi/frameworks/<code>/<year>.yaml`` (shared/domain/frameworks.md): its
components and weights, how a total is formed, level bands, pass mark, peer groups for ranking and checklist items.
Nothing here knows a framework by name; adding a year or a framework is adding a file. What many organisations'
results make together (ranks, weak spots, summary) is in :mod:`govkpi.core.framework_results`.

Totals (``total`` in the file):

``weighted_mean``
    Σ wᵢ · (vᵢ / maxᵢ) / Σ wᵢ × scale max, where vᵢ is a component given directly (0…maxᵢ) or, for a component
    with indicators, the mean of its indicators over their range. ITA: IIT 30 / EIT 30 / OIT 40, each the mean of
    its indicators, so a component given as points (IIT 29.85 of 30) and ten indicators give the same total.
``sum``
    Σ vᵢ.
``none``
    no total is computed; the published score is kept.

A total is computed only when every component (or all its indicators) is given.

Errors are :class:`FrameworkError` (a ``ValueError``) with one of these codes:

``unknown_framework``  no data file for the framework and year. params: ``framework``, ``year``.
``bad_config``         a data file that does not describe a framework. params: ``path``, ``reason``.
``unknown_component``  a component or indicator the framework does not have. params: ``name``, ``allowed``.
``out_of_range``       a component value outside its range. params: ``name``, ``value``, ``low``, ``high``.
``unknown_level``      a level name the framework does not have. params: ``level``, ``allowed``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml  # type: ignore[import-untyped]

from govkpi.core.errors import CoreError

FRAMEWORKS_DIR = Path(__file__).resolve().parent.parent / "frameworks"
TOTALS = ("weighted_mean", "sum", "none")
EPSILON = 1e-9  # float noise: 0.3 × 95 + … may land a hair below a band edge
SCORE_TOLERANCE = 0.01  # published totals are rounded to two decimals


class FrameworkError(CoreError):
    """Input that a framework's configuration rejects (codes in the module docstring)."""


@dataclass(frozen=True)
class Indicator:
    code: str
    name_th: str
    name_en: str
    low: float = 0.0
    high: float = 100.0


@dataclass(frozen=True)
class Component:
    code: str
    name_th: str
    name_en: str
    weight: float
    low: float
    high: float
    indicators: tuple[Indicator, ...] = ()


@dataclass(frozen=True)
class Level:
    name: str
    lower: float | None = None  # None: a named level that is recorded, never computed
    aliases: tuple[str, ...] = ()
    name_en: str = ""


@dataclass(frozen=True)
class ChecklistItem:
    code: str
    name_th: str
    name_en: str = ""
    component: str = ""


@dataclass(frozen=True)
class Flag:
    """A published figure that disagrees with the computed one: ``code`` is score, level or rank."""

    code: str
    published: object
    computed: object
    group: str = ""


@dataclass(frozen=True)
class Outcome:
    """What the configuration makes of one organisation's result."""

    score: float | None  # the computed total, else the published score
    computed_score: float | None
    level: str | None  # computed from the bands, else the published level (named-only levels)
    passed: bool | None
    flags: tuple[Flag, ...] = ()


@dataclass(frozen=True)
class Framework:
    code: str
    fiscal_year: int
    name_th: str
    name_en: str
    source: str
    total: str
    scale_low: float
    scale_high: float
    components: tuple[Component, ...]
    levels: tuple[Level, ...]
    pass_mark: float | None
    rank_groups: tuple[str, ...] = ()  # empty: every group of the organisation
    validity_years: int | None = None
    checklist: tuple[ChecklistItem, ...] = ()
    confidence: Mapping[str, str] = field(default_factory=dict)
    changes: str = ""
    _names: Mapping[str, str] = field(default_factory=dict, repr=False, compare=False)
    _parts: Mapping[str, tuple[Component, Indicator | None]] = field(default_factory=dict, repr=False, compare=False)
    _plan: tuple[tuple[str, tuple[tuple[str, float, float], ...], float, float, float], ...] = field(
        default=(), repr=False, compare=False
    )
    _weights: float = field(default=0.0, repr=False, compare=False)

    def __post_init__(self) -> None:
        names: dict[str, str] = {}
        for level in self.levels:
            for name in (level.name, *level.aliases):
                names[name.strip().casefold()] = level.name
        parts: dict[str, tuple[Component, Indicator | None]] = {}
        for component in self.components:
            parts[component.code] = (component, None)
            for indicator in component.indicators:
                parts[indicator.code] = (component, indicator)
        object.__setattr__(self, "_names", names)
        object.__setattr__(self, "_parts", parts)
        plan = tuple(
            (c.code, tuple((i.code, i.low, i.high - i.low) for i in c.indicators), c.low, c.high - c.low, c.weight)
            for c in self.components
        )
        object.__setattr__(self, "_plan", plan)
        object.__setattr__(self, "_weights", sum(c.weight for c in self.components))

    @property
    def computes_levels(self) -> bool:
        return any(level.lower is not None for level in self.levels)

    @property
    def indicators(self) -> tuple[Indicator, ...]:
        return tuple(indicator for component in self.components for indicator in component.indicators)

    def canonical_level(self, name: str) -> str:
        """The framework's own name for a level given by name or alias; FrameworkError if it has none such."""
        found = self._names.get(name.strip().casefold())
        if found is None:
            allowed = ", ".join(level.name for level in self.levels)
            raise FrameworkError(
                "unknown_level",
                f"{self.code} {self.fiscal_year} has no level {name!r}",
                {"level": name, "allowed": allowed},
            )
        return found

    def check_components(self, values: Mapping[str, float]) -> None:
        """Every key a component or indicator of the framework, every value within its range."""
        for name, value in values.items():
            part = self._parts.get(name)
            if part is None:
                allowed = ", ".join(self._parts) or "-"
                raise FrameworkError(
                    "unknown_component", f"{self.code} has no component {name!r}", {"name": name, "allowed": allowed}
                )
            component, indicator = part
            low, high = (indicator.low, indicator.high) if indicator else (component.low, component.high)
            if (
                not isinstance(value, int | float)
                or isinstance(value, bool)
                or not math.isfinite(value)
                or not (low - EPSILON <= value <= high + EPSILON)
            ):
                raise FrameworkError(
                    "out_of_range",
                    f"{name}={value!r} is outside {low:g}…{high:g}",
                    {"name": name, "value": value, "low": low, "high": high},
                )

    def shares(self, values: Mapping[str, float]) -> dict[str, float]:
        """Each component's score as a share of its range (0…1): from its indicators when all are given, else
        from the component itself. Components without a value are left out. (The hot path of `govkpi assess`.)"""
        shares: dict[str, float] = {}
        for code, parts, low, width, _weight in self._plan:
            if parts:
                total = 0.0
                for part, part_low, part_width in parts:
                    value = values.get(part)
                    if value is None:
                        break
                    total += (value - part_low) / part_width
                else:
                    shares[code] = total / len(parts)
                    continue
            value = values.get(code)
            if value is not None:
                shares[code] = (value - low) / width
        return shares

    def total_of(self, values: Mapping[str, float]) -> float | None:
        """The total the configuration forms from the components, or None when it forms none or one is missing."""
        if self.total == "none" or not self._plan:
            return None
        shares = self.shares(values)
        if len(shares) < len(self._plan):
            return None
        if self.total == "sum":
            return sum(low + shares[code] * width for code, _, low, width, _ in self._plan)
        mean = sum(weight * shares[code] for code, _, _, _, weight in self._plan) / self._weights
        return self.scale_low + mean * (self.scale_high - self.scale_low)

    def level_for(self, score: float | None) -> str | None:
        """The band the score falls in (bands from the top down; a score on an edge belongs to the higher band)."""
        if score is None:
            return None
        for level in self.levels:
            if level.lower is not None and score + EPSILON >= level.lower:
                return level.name
        return None

    def passed(self, score: float | None) -> bool | None:
        if score is None or self.pass_mark is None:
            return None
        return score + EPSILON >= self.pass_mark

    def evaluate(self, score: float | None, level: str | None, components: Mapping[str, float] | None) -> Outcome:
        """Compute total, level and pass; keep a published score or level and flag where it disagrees."""
        computed = self.total_of(components) if components else None
        effective = computed if computed is not None else score
        flags: list[Flag] = []
        if computed is not None and score is not None and abs(computed - score) > SCORE_TOLERANCE + EPSILON:
            flags.append(Flag("score", score, round(computed, 2)))
        published_level = self.canonical_level(level) if level else None
        if self.computes_levels:
            computed_level = self.level_for(effective)
            if published_level is not None and computed_level is not None and published_level != computed_level:
                flags.append(Flag("level", published_level, computed_level))
        else:
            computed_level = published_level
        return Outcome(effective, computed, computed_level, self.passed(effective), tuple(flags))

    def component_score(self, share: float) -> float:
        """A share (0…1) on the framework's scale, to compare with the pass mark."""
        return self.scale_low + share * (self.scale_high - self.scale_low)


# --- loading the data files ---------------------------------------------------------------------------------------


def available(root: Path = FRAMEWORKS_DIR) -> list[tuple[str, int]]:
    """Every (framework, year) with a data file, sorted."""
    found = []
    for path in root.glob("*/*.yaml"):
        if path.stem.isdigit():
            found.append((path.parent.name, int(path.stem)))
    return sorted(found)


def load_framework(code: str, fiscal_year: int, root: Path = FRAMEWORKS_DIR) -> Framework:
    return _load(code, int(fiscal_year), root)


@cache
def _load(code: str, fiscal_year: int, root: Path) -> Framework:
    path = root / code / f"{fiscal_year}.yaml"
    if not code or "/" in code or ".." in code or not path.is_file():
        raise FrameworkError(
            "unknown_framework", f"no configuration for {code} {fiscal_year}", {"framework": code, "year": fiscal_year}
        )
    with path.open(encoding="utf-8") as handle:
        data = yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # the C parser when built
    try:
        return parse_framework(data)
    except (KeyError, TypeError, ValueError) as error:
        if isinstance(error, FrameworkError):
            raise
        raise FrameworkError("bad_config", f"{path}: {error!r}", {"path": str(path), "reason": repr(error)}) from error


def parse_framework(data: Mapping[str, Any]) -> Framework:
    """A framework from the mapping of a data file (see govkpi/frameworks/README.md)."""
    total = str(data.get("total", "none"))
    if total not in TOTALS:
        raise ValueError(f"total must be one of {TOTALS}, not {total!r}")
    scale = data.get("scale") or {}
    components = tuple(
        Component(
            str(c["code"]),
            str(c.get("name_th", "")),
            str(c.get("name_en", "")),
            float(c.get("weight", 1)),
            float(c.get("min", 0)),
            float(c["max"]),
            tuple(
                Indicator(
                    str(i["code"]),
                    str(i.get("name_th", "")),
                    str(i.get("name_en", "")),
                    float(i.get("min", 0)),
                    float(i.get("max", 100)),
                )
                for i in c.get("indicators") or ()
            ),
        )
        for c in data.get("components") or ()
    )
    levels = tuple(
        Level(
            str(level["name"]),
            None if level.get("from") is None else float(level["from"]),
            tuple(str(a) for a in level.get("aliases") or ()),
            str(level.get("name_en", "")),
        )
        for level in data.get("levels") or ()
    )
    bounds = [level.lower for level in levels if level.lower is not None]
    if bounds != sorted(bounds, reverse=True):
        raise ValueError("level bands must be listed from the top down")
    checklist = tuple(
        ChecklistItem(str(i["code"]), str(i.get("name_th", "")), str(i.get("name_en", "")), str(i.get("component", "")))
        for i in data.get("checklist") or ()
    )
    confidence = {str(k): str(v) for k, v in (data.get("confidence") or {}).items()}
    if any(mark not in ("V", "P", "U") for mark in confidence.values()):
        raise ValueError("confidence marks are V, P or U")
    pass_mark = data.get("pass_mark")
    validity = data.get("validity_years")
    return Framework(
        code=str(data["code"]),
        fiscal_year=int(data["fiscal_year"]),
        name_th=str(data.get("name_th", "")),
        name_en=str(data.get("name_en", "")),
        source=str(data.get("source", "")).strip(),
        total=total,
        scale_low=float(scale.get("min", 0)),
        scale_high=float(scale.get("max", 100)),
        components=components,
        levels=levels,
        pass_mark=None if pass_mark is None else float(pass_mark),
        rank_groups=tuple(str(g) for g in data.get("rank_groups") or ()),
        validity_years=None if validity is None else int(validity),
        checklist=checklist,
        confidence=confidence,
        changes=str(data.get("changes", "")).strip(),
    )
