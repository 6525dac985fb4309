"""The tables of the province workbook (shared/domain/workbook.md), described once.

Readers, the validator and the exporter all work from these descriptions: a column's name, whether it is required,
its value type, the model field it fills and, for a reference, the table whose key it names. Table order is the order
of loading and exporting: a table only refers to tables before it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from govkpi.awards.choices import AwardCategory
from govkpi.notify.choices import Channel as NotifyChannel
from govkpi.notify.choices import ContactRole
from govkpi.orgs.choices import OrgKind
from govkpi.plans.choices import Aggregation, Direction, Interpolation, Missing, PeriodType
from govkpi.results.choices import ResultStatus
from govkpi.strategy.choices import ActionStatus, BudgetSource, PlanLevel, ProjectKind, ProjectStatus

EXTRA_PREFIX = "x_"
LIST_SEPARATOR = ";"


class Type(StrEnum):
    TEXT = "text"  # free text, trimmed
    CODE = "code"  # a code: text, `54` and `054` differ
    NUMBER = "number"  # float; Arabic or Thai digits, thousands separators, sign
    INT = "int"  # a whole number
    YEAR = "year"  # a Buddhist-Era year
    PERIOD = "period"  # a fiscal period code, normalised (`2565-M1` → `2565-M01`)
    DATE = "date"
    LIST = "list"  # codes separated by `;`
    CHOICE = "choice"  # one of `choices`
    URL = "url"  # http(s)
    JSON = "json"  # a JSON object


@dataclass(frozen=True)
class Column:
    name: str
    type: Type
    required: bool = False
    choices: tuple[str, ...] = ()
    ref: str | None = None  # the table whose key this column names (org_units, goals, indicators)
    default: object = None  # the value stored when the cell is empty
    minimum: int | None = None  # for INT
    field: str | None = None  # the model field, if it differs from the name; "" = not a plain field (M2M)

    @property
    def model_field(self) -> str:
        return self.name if self.field is None else self.field


@dataclass(frozen=True)
class Table:
    name: str
    key: tuple[str, ...]
    columns: tuple[Column, ...]
    by_name: dict[str, Column] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_name", {column.name: column for column in self.columns})

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)


def _choices(enum: type) -> tuple[str, ...]:
    return tuple(str(value) for value in enum.values)  # type: ignore[attr-defined]


def _code(name: str, required: bool = False, ref: str | None = None) -> Column:
    return Column(name, Type.CODE, required, ref=ref)


def _text(name: str, required: bool = False) -> Column:
    return Column(name, Type.TEXT, required, default="")


def _number(name: str, required: bool = False, default: float | None = None) -> Column:
    return Column(name, Type.NUMBER, required, default=default)


def _year(name: str = "fiscal_year", required: bool = True) -> Column:
    return Column(name, Type.YEAR, required)


def _choice(name: str, values: tuple[str, ...], required: bool = False, default: object = None) -> Column:
    return Column(name, Type.CHOICE, required, choices=values, default=default)


FRAMEWORKS = ("ita", "gecc", "pmqa", "moral")

ORG_UNITS = Table(
    "org_units",
    key=("code",),
    columns=(
        _code("code", True),
        _text("name_th", True),
        _text("name_en"),
        _choice("kind", _choices(OrgKind), True),
        _code("parent", ref="org_units"),
        Column("groups", Type.LIST, field="", default=()),
    ),
)

GOALS = Table(
    "goals",
    key=("code",),
    columns=(
        _code("code", True),
        _text("title_th", True),
        _text("title_en"),
        Column("sdg", Type.LIST, default=()),
        _code("owner", ref="org_units"),
    ),
)

INDICATORS = Table(
    "indicators",
    key=("code",),
    columns=(
        _code("code", True),
        _code("goal", True, ref="goals"),
        _text("name_th", True),
        _text("name_en"),
        _text("unit", True),
        _choice("direction", _choices(Direction), True),
        _choice("aggregation", _choices(Aggregation), True),
        _number("multiplier", default=100.0),
        _choice("period_type", _choices(PeriodType), default=str(PeriodType.QUARTER)),
        Column("sdg", Type.LIST, default=()),
        Column("responsible", Type.LIST, ref="org_units", field="", default=()),
        _text("definition_th"),
        _text("data_source"),
        Column("min", Type.NUMBER, field="min_value"),  # the allowed range of a result's value (optional)
        Column("max", Type.NUMBER, field="max_value"),
    ),
)

SCORING_POLICY = Table(
    "scoring_policy",
    key=("fiscal_year",),
    columns=(
        _year(),
        _choice("interpolation", _choices(Interpolation), default=str(Interpolation.LINEAR)),
        Column("floor", Type.NUMBER, choices=("0", "1"), default=0.0),
        _choice("missing", _choices(Missing), default=str(Missing.EXCLUDE)),
        _number("achieved_from", default=3.0),
        _number("at_risk_from", default=2.0),
        _number("min_coverage", default=0.0),  # share 0–1 of the weight with a score needed to be ranked
        # 1: an at-risk or not-achieved result needs commentary before it is submitted (planning.md, commentary)
        Column("require_commentary", Type.NUMBER, choices=("0", "1"), default=0.0),
        # days after a period ends until it closes for entry; empty: periods never lock (docs/locks.md)
        Column("lock_after_days", Type.INT, minimum=0),
    ),
)

CRITERIA = Table(
    "criteria",
    key=("fiscal_year", "indicator", "org"),
    columns=(
        _year(),
        _code("indicator", True, ref="indicators"),
        _code("org", ref="org_units"),
        _number("weight", True),
        *(_number(f"level{k}", True) for k in range(1, 6)),
        _number("target"),
        _number("baseline"),
        _year("baseline_year", required=False),
    ),
)

RESULTS = Table(
    "results",
    key=("indicator", "org", "period"),
    columns=(
        _code("indicator", True, ref="indicators"),
        _code("org", True, ref="org_units"),
        Column("period", Type.PERIOD, True),
        _number("value"),
        _number("numerator"),
        _number("denominator"),
        _choice("status", _choices(ResultStatus), default=str(ResultStatus.APPROVED)),
        _text("note"),
        Column("evidence_url", Type.URL, default=""),
    ),
)

ASSESSMENTS = Table(
    "assessments",
    key=("framework", "fiscal_year", "org"),
    columns=(
        _code("framework", True),
        _year(),
        _code("org", True, ref="org_units"),
        _number("score"),
        _text("level"),
        Column("components", Type.JSON),
        Column("rank", Type.INT, minimum=1),
        _text("rank_group"),
        _text("note"),
    ),
)

AWARDS = Table(
    "awards",
    key=("fiscal_year", "category", "recipient", "title_th"),
    columns=(
        _year(),
        _choice("category", _choices(AwardCategory), True),
        _text("title_th", True),
        _text("title_en"),
        _text("issuer", True),
        _code("recipient", True, ref="org_units"),
        _text("level"),
        Column("date", Type.DATE),
        Column("quantity", Type.INT, default=1, minimum=1),
        _text("note"),
    ),
)

CLAIMS = Table(
    "claims",
    key=("fiscal_year", "metric"),
    columns=(
        _year(),
        _code("metric", True),
        _number("value", True),
        _text("source"),
    ),
)

EVENTS = Table(
    "events",
    key=("fiscal_year", "title_th"),
    columns=(
        _year(),
        _text("title_th", True),
        _text("title_en"),
        Column("date", Type.DATE, True),
        _text("time"),  # 24-hour HH:MM; checks.events normalises 10.00 and ๑๐:๐๐
        _text("place"),
        _text("presiding"),
        _text("presiding_position"),
        Column("recording_url", Type.URL, default=""),
        _text("note"),
    ),
)

# --- the strategy cycle (shared/domain/planning.md): plans, their items, targets, projects and their money -------
# References to plans and plan items (`PLAN:ITEM`) are checked by govkpi.strategy.workbook, not by `ref`.

PLANS = Table(
    "plans",
    key=("code",),
    columns=(
        _code("code", True),
        _text("title_th", True),
        _text("title_en"),
        _choice("level", _choices(PlanLevel), True),
        _year("start_year"),
        _year("end_year"),
        _code("parent"),
    ),
)

PLAN_ITEMS = Table(
    "plan_items",
    key=("plan", "code"),
    columns=(
        _code("plan", True),
        _code("code", True),
        _text("title_th", True),
        _text("title_en"),
        _code("parent"),
        Column("aligns", Type.LIST, default=()),
        Column("goals", Type.LIST, ref="goals", default=()),
    ),
)

TARGETS = Table(
    "targets",
    key=("indicator", "org", "fiscal_year"),
    columns=(
        _code("indicator", True, ref="indicators"),
        _code("org", ref="org_units"),
        _year(),
        _number("target", True),
        _code("plan"),
    ),
)

PROJECTS = Table(
    "projects",
    key=("code",),
    columns=(
        _code("code", True),
        _year(),
        _text("title_th", True),
        _text("title_en"),
        _code("org", True, ref="org_units"),
        _code("goal", ref="goals"),
        Column("indicators", Type.LIST, ref="indicators", default=()),
        _code("plan_item"),
        _choice("budget_source", _choices(BudgetSource), default=""),
        _choice("kind", _choices(ProjectKind), default=""),
        _number("allocated", True),
        Column("start", Type.DATE),
        Column("end", Type.DATE),
    ),
)

PROJECT_PROGRESS = Table(
    "project_progress",
    key=("project", "period"),
    columns=(
        _code("project", True),
        Column("period", Type.PERIOD, True),
        _number("disbursed", True),
        _number("committed"),
        _number("progress"),
        _choice("status", _choices(ProjectStatus), default=""),
        _text("problems"),
        _text("suggestions"),
    ),
)

DISBURSEMENT_TARGETS = Table(
    "disbursement_targets",
    key=("fiscal_year", "period", "kind"),
    columns=(
        _year(),
        Column("period", Type.PERIOD, True),
        _choice("kind", _choices(ProjectKind), default=""),
        _number("share", True),
    ),
)

# What agencies say about their results, and what they do about indicators at risk (planning.md). A commentary row
# names exactly one of indicator and goal (checked by govkpi.strategy.workbook).

COMMENTARY = Table(
    "commentary",
    key=("org", "indicator", "goal", "period"),
    columns=(
        _code("org", True, ref="org_units"),
        _code("indicator", ref="indicators"),
        _code("goal", ref="goals"),
        Column("period", Type.PERIOD, True),
        _text("analysis"),
        _text("problems"),
        _text("suggestions"),
        _text("lessons"),
    ),
)

CORRECTIVE_ACTIONS = Table(
    "corrective_actions",
    key=("code",),
    columns=(
        _code("code", True),
        _code("indicator", True, ref="indicators"),
        _code("org", True, ref="org_units"),
        _text("title_th", True),
        _text("title_en"),
        _code("owner", ref="org_units"),
        Column("due", Type.DATE),
        _choice("status", _choices(ActionStatus), default=str(ActionStatus.OPEN)),
        Column("opened_in", Type.PERIOD, default=""),
    ),
)

STRATEGY_TABLES = (PLANS, PLAN_ITEMS, TARGETS, PROJECTS, PROJECT_PROGRESS, DISBURSEMENT_TARGETS, COMMENTARY,
                   CORRECTIVE_ACTIONS)

TABLES: dict[str, Table] = {
    table.name: table
    for table in (ORG_UNITS, GOALS, INDICATORS, SCORING_POLICY, CRITERIA, RESULTS, ASSESSMENTS, AWARDS, CLAIMS,
                  EVENTS, *STRATEGY_TABLES)
}
"""Every table, in the order of loading and exporting."""

# --- notices (govkpi.notify): who is told by LINE or e-mail; `address` is an e-mail address or a LINE user, group or
# room id, `role` says which notices the contact hears (reporter: reminders and returned/approved results; approver:
# submitted results and what waits; all: both). The model is registered by govkpi.notify.apps.
CONTACTS = Table(
    "contacts",
    key=("org", "channel", "address"),
    columns=(
        _code("org", True, ref="org_units"),
        _choice("channel", _choices(NotifyChannel), required=True),
        _text("address", True),
        _choice("role", _choices(ContactRole), default=str(ContactRole.ALL)),
    ),
)
TABLES[CONTACTS.name] = CONTACTS
