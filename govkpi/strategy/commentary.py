"""Commentary per period (planning.md, `commentary`): the rule that asks for it before an at-risk result is
submitted, the one action that writes it from a form, and what the pages show of it.

The rule lives here once; :func:`govkpi.results.actions.submit_result` calls :func:`missing_commentary`, so the
entry page, the API and every bulk path refuse alike. Whether a result "would be at risk or not achieved" is the
approvals queue's computation (:func:`govkpi.results.pages.year_level`), then :func:`govkpi.core.scoring.status_for`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from govkpi.audit.actions import record
from govkpi.core.periods import PeriodError, parse_period
from govkpi.core.results import MAX_NOTE, check_text
from govkpi.core.scoring import Status, status_for
from govkpi.orgs.models import OrgUnit
from govkpi.plans.models import Indicator, ScoringPolicy
from govkpi.results.choices import ResultStatus
from govkpi.results.models import Result
from govkpi.results.rules import message

from .models import COMMENTARY_FIELDS, Commentary

NEEDS_COMMENTARY = (Status.AT_RISK, Status.NOT_ACHIEVED)


def required_in(fiscal_year: int) -> bool:
    """Whether the year's scoring policy asks for commentary on results at risk (off when there is no policy)."""
    return ScoringPolicy.objects.filter(fiscal_year=fiscal_year, require_commentary=True).exists()


def would_need_commentary(result: Result) -> bool:
    """The result, were it approved beside the year's approved results, scores at risk or not achieved."""
    from govkpi.results.pages import year_level
    from govkpi.scorecards.loading import load_criteria, load_policy

    policy = load_policy(result.fiscal_year)
    criterion = load_criteria(result.fiscal_year, result.org, policy).criteria_for(result.org_id).get(
        result.indicator_id)
    if criterion is None:
        return False
    approved = list(Result.objects.filter(status=ResultStatus.APPROVED, org_id=result.org_id,
                                          indicator_id=result.indicator_id, fiscal_year=result.fiscal_year)
                    .exclude(pk=result.pk))
    _value, level = year_level(result, approved, criterion, policy)
    return level is not None and status_for(level, policy) in NEEDS_COMMENTARY


def has_commentary(org_id: int, indicator_id: int, period: str) -> bool:
    found = Commentary.objects.filter(org_id=org_id, indicator_id=indicator_id, period=period).first()
    return found is not None and found.filled


def missing_commentary(result: Result, *, required: bool | None = None) -> bool:
    """The year's policy requires commentary, the result would be at risk or not achieved, and the organisation has
    said nothing about this indicator for this period: the result cannot be submitted. ``required``: the year's
    switch when the caller has read it already."""
    return (
        (required_in(result.fiscal_year) if required is None else required)
        and not has_commentary(result.org_id, result.indicator_id, result.period)
        and would_need_commentary(result)
    )


def check_commentary(result: Result, *, required: bool | None = None) -> None:
    """Raise the workflow's ValidationError when :func:`missing_commentary` says so."""
    if missing_commentary(result, required=required):
        raise ValidationError({"commentary": [_(
            "This result would be at risk or not achieved: write the commentary (analysis, problems, suggestions "
            "or lessons) before submitting it."
        )]})


# --- writing, from the entry page ---------------------------------------------------------------------------------


def read_commentary(post: Mapping[str, str], key: int) -> dict[str, str]:
    """The four texts of one indicator's commentary group of a form (fields ``analysis-<key>`` …)."""
    return {name: (post.get(f"{name}-{key}") or "").strip() for name in COMMENTARY_FIELDS}


@transaction.atomic
def save_commentary(
    *, org: OrgUnit, indicator: Indicator, period: str, texts: Mapping[str, str],
    acting_user: AbstractBaseUser | None, channel: str,
) -> Commentary | None:
    """Create or update the organisation's commentary on an indicator for a period; audited when it changed. Texts
    are checked as every text is (storable, not too long). All four empty and no row yet: nothing is written."""
    errors: dict[str, list[str]] = {}
    for name in COMMENTARY_FIELDS:
        problem = check_text(texts.get(name, ""), name, MAX_NOTE)
        if problem is not None:
            errors.setdefault(name, []).append(message(problem))
    if errors:
        raise ValidationError(errors)
    try:
        period = parse_period(period).code
    except PeriodError as error:
        raise ValidationError({"period": [_("This is not a period such as 2565-Q1 or 2565-M01.")]}) from error
    found = Commentary.objects.select_for_update().filter(org=org, indicator=indicator, period=period).first()
    new = {name: texts.get(name, "") for name in COMMENTARY_FIELDS}
    if found is None and not any(new.values()):
        return None
    old = {name: getattr(found, name) for name in COMMENTARY_FIELDS} if found is not None else {}
    changes = {name: [old.get(name) or None, value or None] for name, value in new.items()
               if (old.get(name) or "") != value}
    if not changes:
        return found
    if found is None:
        found = Commentary.objects.create(org=org, indicator=indicator, period=period, **new)
    else:
        Commentary.objects.filter(pk=found.pk).update(**new)
        for name, value in new.items():
            setattr(found, name, value)
    record(acting_user=acting_user, channel=channel, action="strategy.commentary.save",
           object_type="strategy.commentary", object_key=f"{found.pk} {org.code} {indicator.code} {period}",
           changes=changes)
    return found


# --- reading, for the pages ---------------------------------------------------------------------------------------


@dataclass
class Said:
    """One organisation's commentary on one indicator (or goal) for one period, as the pages show it."""

    commentary: Commentary
    org: OrgUnit
    subject: str = ""  # the indicator's or goal's code, for lists under a goal
    texts: list[tuple[str, str]] = field(default_factory=list)  # (label, text) of the filled fields


def labels() -> dict[str, str]:
    return {"analysis": _("Analysis"), "problems": _("Problems"), "suggestions": _("Suggestions"),
            "lessons": _("Lessons learned")}


def public(query: QuerySet[Commentary]) -> QuerySet[Commentary]:
    """Only commentary whose period has an approved result: what an agency says of a draft never shows publicly.
    An indicator's commentary needs the organisation's approved result of that indicator and period; a goal's, an
    approved result of one of the goal's indicators."""
    approved = Result.objects.filter(status=ResultStatus.APPROVED, org_id=OuterRef("org_id"),
                                     period=OuterRef("period"))
    return query.filter(
        Q(Exists(approved.filter(indicator_id=OuterRef("indicator_id"))), indicator__isnull=False)
        | Q(Exists(approved.filter(indicator__goal_id=OuterRef("goal_id"))), goal__isnull=False)
    )


def said(query: QuerySet[Commentary], limit: int = 12) -> list[Said]:
    """The most recent periods first (then organisation), each with its filled fields in the order of the form."""
    names = labels()
    rows = query.select_related("org", "indicator", "goal").order_by("-period", "org__code", "pk")[:limit]
    found = []
    for row in rows:
        texts = [(names[name], getattr(row, name)) for name in COMMENTARY_FIELDS if getattr(row, name).strip()]
        if texts:
            subject = row.indicator.code if row.indicator is not None else row.goal.code if row.goal else ""
            found.append(Said(row, row.org, subject, texts))
    return found


# --- the entry page's commentary group ----------------------------------------------------------------------------


@dataclass
class EntryCommentary:
    """One indicator's commentary group on the entry page: what is stored and, after a post, what was typed."""

    stored: dict[str, str]
    posted: dict[str, str] | None = None

    @property
    def shown(self) -> dict[str, str]:
        return self.posted if self.posted is not None else self.stored

    @property
    def changed(self) -> bool:
        return self.posted is not None and self.posted != self.stored

    @property
    def filled(self) -> bool:
        return any(self.shown.values())

    def fields(self) -> list[tuple[str, str, str]]:
        """(name, label, value) of the four fields, in the order of the contract."""
        names = labels()
        return [(name, names[name], self.shown[name]) for name in COMMENTARY_FIELDS]


def entry_commentary(org: OrgUnit, period: str, indicator_ids: list[int]) -> dict[int, EntryCommentary]:
    """Indicator id → its commentary group for the organisation and period (1 query)."""
    stored = {row.indicator_id: row for row in Commentary.objects.filter(org=org, period=period,
                                                                        indicator_id__in=indicator_ids)}
    return {pk: EntryCommentary({name: getattr(stored[pk], name) if pk in stored else ""
                                 for name in COMMENTARY_FIELDS}) for pk in indicator_ids}


def _of_year(fiscal_year: int) -> Q:
    return Q(period__startswith=str(fiscal_year))


def for_indicator(indicator: Indicator, fiscal_year: int) -> list[Said]:
    """Every organisation's published commentary on the indicator in the year, latest period first (1 query)."""
    return said(public(Commentary.objects.filter(_of_year(fiscal_year), indicator=indicator)))


def for_org(org: OrgUnit, fiscal_year: int) -> list[Said]:
    """The organisation's published commentary on its indicators and goals in the year (1 query)."""
    return said(public(Commentary.objects.filter(_of_year(fiscal_year), org=org)))


def for_goal(goal_id: int, fiscal_year: int) -> list[Said]:
    """Rolled up to the goal: what is said of the goal itself and of each of its indicators, by every organisation
    (1 query)."""
    return said(public(Commentary.objects.filter(_of_year(fiscal_year), Q(goal_id=goal_id)
                                                 | Q(indicator__goal_id=goal_id))), limit=20)
