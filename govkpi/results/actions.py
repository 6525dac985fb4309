"""The results workflow: draft → submitted → approved, or → returned (with a comment) → submitted again; an admin
reopens an approved result with a reason. Web, API, reporter Excel and command line call these same functions.

Each action is atomic, locks the result row, checks the acting user's role (``acting_user=None`` is the system:
the command line or a province officer's workbook), writes one history entry and one audit entry, and returns an
:class:`Outcome` whose ``changed_ids`` lists the results it changed (for an incremental scoring hook). Scores are
computed on demand from approved results, so approval shows on the next page load with nothing to recompute.

Errors: :class:`NotAllowed` (the role does not allow it), :class:`TransitionError` (not from the current status),
``django.core.exceptions.ValidationError`` keyed by field.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from govkpi.accounts.permissions import can_approve, can_enter, is_province_admin
from govkpi.audit.actions import actor_label, record
from govkpi.core.results import MAX_NOTE, Entered, check_entered, check_status, check_text, check_url
from govkpi.core.results import Problem as CoreProblem
from govkpi.notify.notices import result_notice
from govkpi.ops.progress import SILENT, Progress
from govkpi.orgs.models import OrgUnit
from govkpi.plans.models import Indicator
from govkpi.scorecards.incremental import refresh_after_change
from govkpi.strategy.commentary import check_commentary

from . import bulk
from .around import Around, around
from .choices import ResultStatus, Step
from .locks import check_open
from .models import FollowUp, PeriodUnlock, Result, ResultEvent
from .rules import check_result, indicator_rules, parse, validation_error
from .validation import Entry, check_entry, period_of, previous_period
from .year import YearSettings

EDITABLE = (ResultStatus.DRAFT, ResultStatus.RETURNED)
FIELDS = ("value", "numerator", "denominator", "note", "evidence_url")


class NotAllowed(PermissionDenied):
    """The acting user's role does not allow this on this organisation."""


class TransitionError(Exception):
    def __init__(self, status: str, step: str) -> None:
        self.status, self.step = status, step
        super().__init__(f"cannot {step} a result that is {status}")


@dataclass(frozen=True)
class Outcome:
    result: Result
    changed_ids: list[int] = field(default_factory=list)
    created: bool = False


def _check(allowed: bool, acting_user: AbstractBaseUser | None) -> None:
    if acting_user is not None and not allowed:
        raise NotAllowed(_("Your role does not allow this."))


def _log(
    result: Result,
    step: str,
    before: str,
    *,
    acting_user: AbstractBaseUser | None,
    channel: str,
    comment: str = "",
    changes: dict[str, Any] | None = None,
) -> None:
    actor = acting_user if acting_user is not None and acting_user.is_authenticated else None
    ResultEvent.objects.create(
        result=result,
        actor=actor,
        actor_label=actor_label(acting_user, channel),
        channel=channel,
        step=step,
        from_status=before,
        to_status=result.status,
        comment=comment,
        changes=changes or {},
    )
    audit_changes = dict(changes or {})
    if before != result.status:
        audit_changes["status"] = [before or None, result.status]
    record(
        acting_user=acting_user,
        channel=channel,
        action=f"results.result.{step}",
        object_type="results.result",
        object_key=f"{result.pk} {result.indicator.code} {result.org.code} {result.period}",
        changes=audit_changes,
        reason=comment,
    )


@transaction.atomic
def save_draft(
    *,
    indicator: Indicator,
    org: OrgUnit,
    period: str,
    entry: Entry,
    acting_user: AbstractBaseUser | None,
    channel: str,
) -> Outcome:
    """Create or change the result of (indicator, org, period) while it is a draft or returned."""
    _check(can_enter(acting_user, org), acting_user)
    parsed = period_of(period)
    before = previous_period(parsed)
    wanted = [parsed.code] + ([before.code] if before is not None else [])
    near = around(indicator, org, parsed.fiscal_year, periods=wanted)  # the settings and what the rules need
    result = None
    if near.holds(parsed.code):  # a change: lock the row (a new row is kept single by the table's unique key)
        found = Result.objects.select_for_update().filter(indicator=indicator, org=org, period=parsed.code)
        result = found.order_by("pk").first()
    if result is not None:
        result.indicator, result.org = indicator, org  # the same rows: no join to read them again
        if result.status not in EDITABLE:
            raise TransitionError(result.status, "edit")
    settings = near.settings
    parsed, clean = check_entry(indicator, org, parsed.code, entry, other_periods=near.others(but=parsed.code),
                                previous_value=near.value_of(before), calendar=settings.calendar,
                                responsible=near.responsible)  # fmt: skip
    new = {name: getattr(clean, name) for name in FIELDS}
    if result is None:
        check_open(org, indicator, parsed, settings=settings)  # a locked period takes no new result (docs/locks.md)
        result = Result(indicator=indicator, org=org, period=parsed.code, status=ResultStatus.DRAFT, **new)
        result.save()
        changes = {name: [None, value] for name, value in new.items() if value not in (None, "")}
        _log(result, Step.CREATE, "", acting_user=acting_user, channel=channel, changes=changes)
        return Outcome(result, [result.pk], created=True)
    changes = {name: [getattr(result, name), value] for name, value in new.items() if getattr(result, name) != value}
    if not changes:
        return Outcome(result, [])
    check_open(org, indicator, parsed, settings=settings)  # unchanged values pass; a change to a locked one does not
    for name, value in new.items():
        setattr(result, name, value)
    result.save()
    comment = clean.note if clean.confirm_jump else ""
    _log(result, Step.EDIT, result.status, acting_user=acting_user, channel=channel, changes=changes, comment=comment)
    return Outcome(result, [result.pk])


def _check_open(result: Result, settings: YearSettings | None = None) -> None:
    """Refuse entry into a stored result's period when it is closed (docs/locks.md); a period no rule accepts is
    left to the other rules."""
    period, _problem = parse(result.period)
    if period is not None:
        check_open(result.org, result.indicator, period, settings=settings)


def _locked(result: Result) -> Result:
    return Result.objects.select_for_update(of=("self",)).select_related("indicator", "org").get(pk=result.pk)


def _move(
    result: Result,
    step: str,
    allowed_from: tuple[str, ...],
    to: str,
    *,
    acting_user: AbstractBaseUser | None,
    channel: str,
    comment: str = "",
) -> Outcome:
    if result.status not in allowed_from:
        raise TransitionError(result.status, step)
    before = result.status
    result.status = to
    result.save(update_fields=["status", "updated_at", "fiscal_year"])
    _log(result, step, before, acting_user=acting_user, channel=channel, comment=comment)
    return Outcome(result, [result.pk])


def _text(text: str, name: str) -> str:
    """A comment or reason as every text is checked (govkpi.core.results): storable, not too long."""
    text = (text or "").strip()
    problem = check_text(text, name, MAX_NOTE)
    if problem is not None:
        raise validation_error([problem])
    return text


def _required(text: str, name: str) -> str:
    text = _text(text, name)
    if not text:
        raise ValidationError({name: [_("Say why (required).")]})
    return text


def _check_stored(result: Result, near: Around | None = None) -> None:
    """The rules again, at submission and approval: a row that got into the table some other way (SQL, an older
    version, a restore) is neither submitted nor approved as it is — it is returned, or fixed and entered again.
    ``near``: what the action read already, else read here."""
    near = near or around(result.indicator, result.org, result.fiscal_year)
    entered = Entered(result.value, result.numerator, result.denominator, result.note or "", result.evidence_url or "")
    _, problems = check_result(result.indicator, result.org, result.period, entered,
                               other_periods=near.others(pk=result.pk), responsible=near.responsible)
    if problems:
        raise validation_error(problems)


@transaction.atomic
def submit_result(result: Result, *, acting_user: AbstractBaseUser | None, channel: str) -> Outcome:
    result = _locked(result)
    _check(can_enter(acting_user, result.org), acting_user)
    if result.status in EDITABLE and result.value is None:
        raise ValidationError({"value": [_("Enter a value before submitting.")]})
    if result.status in EDITABLE:
        near = around(result.indicator, result.org, result.fiscal_year)  # the lock and every rule read it once
        _check_open(result, near.settings)
        _check_stored(result, near)
        check_commentary(result, required=near.settings.require_commentary)  # at risk: say why (planning.md)
    outcome = _move(result, Step.SUBMIT, EDITABLE, ResultStatus.SUBMITTED, acting_user=acting_user, channel=channel)
    result_notice(result, Step.SUBMIT)  # to its approvers' LINE and e-mail contacts, in this transaction
    return outcome


def four_eyes_on() -> bool:
    """Whether the person who submitted a result is kept from approving it (``GOVKPI_FOUR_EYES``, default on)."""
    from django.conf import settings

    return bool(getattr(settings, "GOVKPI_FOUR_EYES", True))


def submitted_by_self(results: list[Result], user: object) -> set[int]:
    """The ids of those results whose most recent submission was made by ``user`` (one query): the results that
    person may not approve while the four-eyes rule is on. Empty when it is off or for the system."""
    pk = getattr(user, "pk", None)
    ids = [result.pk for result in results]
    if pk is None or not ids or not four_eyes_on():
        return set()
    latest: dict[int, int | None] = {}
    events = ResultEvent.objects.filter(result_id__in=ids, step=Step.SUBMIT).order_by("result_id", "at", "id")
    for result_id, actor_id in events.values_list("result_id", "actor_id"):
        latest[result_id] = actor_id
    return {result_id for result_id, actor_id in latest.items() if actor_id == pk}


def _check_four_eyes(result: Result, acting_user: AbstractBaseUser | None) -> None:
    """Nobody approves what they submitted themselves, whatever roles they hold (the system is not a person)."""
    if acting_user is not None and result.status == ResultStatus.SUBMITTED and submitted_by_self([result], acting_user):
        raise NotAllowed(_("You submitted this result; another approver must approve it."))


@transaction.atomic
def approve_result(result: Result, *, acting_user: AbstractBaseUser | None, channel: str, comment: str = "") -> Outcome:
    result = _locked(result)
    _check(can_approve(acting_user, result.org), acting_user)
    _check_four_eyes(result, acting_user)
    if result.status == ResultStatus.SUBMITTED:
        _check_stored(result)
    outcome = _move(
        result,
        Step.APPROVE,
        (ResultStatus.SUBMITTED,),
        ResultStatus.APPROVED,
        acting_user=acting_user,
        channel=channel,
        comment=_text(comment, "comment"),
    )
    result_notice(result, Step.APPROVE)
    _refresh_scores(result)
    return outcome


def approve_each(
    results: Iterable[Result], *, acting_user: AbstractBaseUser | None, channel: str, comment: str = ""
) -> list[tuple[Result, str | None]]:
    """Approve several results, each on its own through :func:`approve_result` (its rules, the four-eyes rule, one
    history and one audit entry each): one that cannot be approved does not stop the others. Returns each result
    with None (approved) or why it was not."""
    report: list[tuple[Result, str | None]] = []
    for result in results:
        try:
            approve_result(result, acting_user=acting_user, channel=channel, comment=comment)
        except ValidationError as error:
            report.append((result, " ".join(error.messages)))
        except TransitionError:
            report.append((result, _("This result is no longer waiting for approval.")))
        except NotAllowed as error:
            report.append((result, str(error) or _("Your role does not allow this.")))
        else:
            report.append((result, None))
    return report


@transaction.atomic
def return_result(result: Result, *, acting_user: AbstractBaseUser | None, channel: str, comment: str) -> Outcome:
    result = _locked(result)
    _check(can_approve(acting_user, result.org), acting_user)
    comment = _required(comment, "comment")
    outcome = _move(
        result,
        Step.RETURN,
        (ResultStatus.SUBMITTED,),
        ResultStatus.RETURNED,
        acting_user=acting_user,
        channel=channel,
        comment=comment,
    )
    result_notice(result, Step.RETURN, comment)
    return outcome


@transaction.atomic
def reopen_result(result: Result, *, acting_user: AbstractBaseUser | None, channel: str, reason: str) -> Outcome:
    """An approved result back to draft (an admin, with a reason): it leaves the public scores at once."""
    result = _locked(result)
    _check(is_province_admin(acting_user), acting_user)
    reason = _required(reason, "reason")
    _check_open(result)
    outcome = _move(
        result,
        Step.REOPEN,
        (ResultStatus.APPROVED,),
        ResultStatus.DRAFT,
        acting_user=acting_user,
        channel=channel,
        comment=reason,
    )
    _refresh_scores(result)
    return outcome


def _refresh_scores(result: Result) -> None:
    """Keep the stored score values (national scale) current after an approved value comes or goes: only this
    organisation and its ancestors, only this indicator. Runs after the audit entry, in the same transaction, as
    the store expects; where no store is current it does nothing and scores are computed from the results."""
    refresh_after_change(result.fiscal_year, [result.org_id], [result.indicator_id])


@transaction.atomic
def add_evidence(
    result: Result,
    *,
    upload: Any = None,
    url: str = "",
    acting_user: AbstractBaseUser | None,
    channel: str,
) -> Outcome:
    """Attach a file (checked by content and size) or a link to a result that is still editable."""
    from .evidence import check_upload
    from .models import Evidence

    result = _locked(result)
    _check(can_enter(acting_user, result.org), acting_user)
    if result.status not in EDITABLE:
        raise TransitionError(result.status, "evidence")
    _check_open(result)
    url = (url or "").strip()
    if upload is None and not url:
        raise ValidationError({"file": [_("Choose a file or give a link.")]})
    problem = check_url(url, "url") if url else None
    if problem is not None:
        raise validation_error([problem])
    evidence = Evidence(result=result, url=url, uploaded_by=acting_user if acting_user is not None else None)
    if upload is not None:
        evidence.content_type = check_upload(upload)
        evidence.name = (upload.name or "evidence")[-255:]
        evidence.size = upload.size or 0
        evidence.file.save(evidence.name, upload, save=False)
    evidence.save()
    changes = {"evidence": [None, evidence.name or evidence.url], "size": [None, evidence.size]}
    _log(result, Step.EVIDENCE, result.status, acting_user=acting_user, channel=channel, changes=changes)
    return Outcome(result, [])


@dataclass(frozen=True)
class Imported:
    created: int
    updated: int


@transaction.atomic
def import_results(
    created: list[dict[str, Any]],
    updated: list[tuple[int, dict[str, Any]]],
    *,
    before: dict[int, dict[str, Any]],
    acting_user: AbstractBaseUser | None,
    channel: str,
    source: str,
    now: datetime | None = None,
    progress: Progress = SILENT,
) -> Imported:
    """Write many results at once — the workbook loader's way in, and the only other way results are written.

    Rows are {attname: value} with every stored field (``indicator_id``, ``org_id``, ``period``, ``fiscal_year``,
    ``value``, ``numerator``, ``denominator``, ``status``, ``note``, ``evidence_url``, ``extra``, ``updated_at``,
    and ``created_at`` for new rows), already checked by the rules of :mod:`govkpi.core.results` (the loader
    checks the whole file first, so that nothing is written when one row is wrong). ``before`` holds the values of
    each updated result before the change (by field name), for its history. Every created or changed result gets a
    history entry; the import gets one audit event with its counts and its source. ``progress`` is told the stage
    "writing results", advanced after each batch the database took (:mod:`govkpi.ops.progress`; no query added).
    """
    now = now or timezone.now()
    for values in created:
        values.setdefault("created_at", now)
    with progress.stage(_("writing results"), total=len(created) + len(updated)) as bar:
        bulk.write(created, updated, bar)
    bulk.record_history(len(created), updated, before, now=now, acting_user=acting_user, channel=channel,
                        source=source)
    record(acting_user=acting_user, channel=channel, action="results.result.import", object_type="results.result",
           object_key=source, changes={"created": len(created), "updated": len(updated)})
    return Imported(len(created), len(updated))


STREAMED = ("indicator_id", "org_id", "period", "value", "numerator", "denominator", "status")


@transaction.atomic
def stream_results(
    rows: Iterable[tuple[int, int, str, float | None, float | None, float | None, str]],
    *,
    acting_user: AbstractBaseUser | None,
    channel: str,
    source: str,
) -> int:
    """Create results streamed as tuples in the order of :data:`STREAMED` — millions of them, in bounded memory
    (COPY on PostgreSQL) — for a database that holds none of them yet (synthetic national data). Each row is
    checked by the rules of :mod:`govkpi.core.results` on the way; the first row they refuse raises a
    ``ValidationError`` naming it, and the transaction writes nothing. Every result gets its history entry and the
    stream one audit event, as :func:`import_results` does."""
    now = timezone.now()
    stamp = Result._meta.get_field("created_at").get_db_prep_save(now, connection)  # as the history finds it
    indicators = {pk: indicator_rules(indicator) for pk, indicator in Indicator.objects.in_bulk().items()}
    responsible: dict[int, set[int]] = {}
    for indicator_id, org_id in Indicator.responsible.through.objects.values_list("indicator_id", "orgunit_id"):
        responsible.setdefault(indicator_id, set()).add(org_id)
    years: dict[str, int] = {}

    def checked() -> Iterator[tuple[Any, ...]]:
        for indicator_id, org_id, period, value, numerator, denominator, status in rows:
            year = years.get(period)
            if year is None:
                year = years[period] = period_of(period).fiscal_year
            _, problems = check_entered(Entered(value, numerator, denominator), indicators[indicator_id])
            assigned = responsible.get(indicator_id)
            if assigned and org_id not in assigned:
                problems.append(CoreProblem("not_assigned", "org", {"org": org_id, "indicator": indicator_id}))
            bad_status = check_status(status)
            if bad_status is not None:
                problems.append(bad_status)
            if problems:
                raise validation_error(problems)
            yield (indicator_id, org_id, period, year, value, numerator, denominator, status, "", "", stamp, stamp,
                   "{}")

    count = bulk.copy_rows(checked())
    bulk.record_history(count, [], {}, now=now, acting_user=acting_user, channel=channel, source=source)
    record(acting_user=acting_user, channel=channel, action="results.result.import", object_type="results.result",
           object_key=source, changes={"created": count, "updated": 0})
    return count


UNLOCK_DAYS = 7


@transaction.atomic
def unlock_period(
    *,
    org: OrgUnit,
    period: str,
    reason: str,
    indicator: Indicator | None = None,
    days: int = UNLOCK_DAYS,
    acting_user: AbstractBaseUser | None,
    channel: str,
) -> PeriodUnlock:
    """Open a locked period again for ``org`` and every organisation below it (one indicator, or all), for
    ``days`` days, with a reason (docs/locks.md). Province administrators and approvers of the organisation or one
    above it may; the unlock is audited."""
    _check(can_approve(acting_user, org), acting_user)
    reason = _required(reason, "reason")
    parsed = period_of(period)
    if not 1 <= days <= 90:
        raise ValidationError({"days": [_("An unlock lasts from 1 to 90 days.")]})
    now = timezone.now()
    actor = acting_user if acting_user is not None and acting_user.is_authenticated else None
    unlock = PeriodUnlock.objects.create(
        org=org, indicator=indicator, period=parsed.code, fiscal_year=parsed.fiscal_year, reason=reason, by=actor,
        by_label=actor_label(acting_user, channel), at=now, until=now + timedelta(days=days),
    )
    record(acting_user=acting_user, channel=channel, action="results.period.unlock", object_type="results.period",
           object_key=f"{org.code} {parsed.code}" + (f" {indicator.code}" if indicator is not None else ""),
           changes={"until": [None, unlock.until.isoformat()]}, reason=reason)
    return unlock



class AlreadyFlagged(Exception):
    """The result already has an open follow-up flag (to set) or none (to clear)."""


@transaction.atomic
def set_follow_up(
    result: Result, *, flag: bool, text: str, acting_user: AbstractBaseUser | None, channel: str
) -> FollowUp:
    """Set (``flag=True``, ``text`` the reason, required) or clear (``text`` the note, optional) the result's
    follow-up flag. Approvers of the organisation or one above it and province administrators may; audited."""
    result = _locked(result)
    _check(can_approve(acting_user, result.org), acting_user)
    actor = acting_user if acting_user is not None and acting_user.is_authenticated else None
    label = actor_label(acting_user, channel)
    current = FollowUp.objects.select_for_update().filter(result=result, cleared_at__isnull=True).first()
    if flag:
        reason = _required(text, "reason")
        if current is not None:
            raise AlreadyFlagged
        follow_up = FollowUp.objects.create(result=result, reason=reason, set_by=actor, set_by_label=label)
        action, changes = "results.result.flag", {"follow_up": [None, "open"]}
    else:
        note = _text(text, "note")
        if current is None:
            raise AlreadyFlagged
        current.cleared_by, current.cleared_by_label = actor, label
        current.cleared_at, current.clear_note = timezone.now(), note
        current.save(update_fields=["cleared_by", "cleared_by_label", "cleared_at", "clear_note"])
        follow_up, reason = current, note
        action, changes = "results.result.unflag", {"follow_up": ["open", "cleared"]}
    record(acting_user=acting_user, channel=channel, action=action, object_type="results.result",
           object_key=f"{result.pk} {result.indicator.code} {result.org.code} {result.period}", changes=changes,
           reason=reason)
    return follow_up
