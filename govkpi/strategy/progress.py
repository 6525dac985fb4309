"""Reporting a project's progress, as results are reported (docs/planning.md, "Reporting project progress"):
draft → submitted → approved, or → returned (with a reason) → submitted again. The entry page, the approvals page
and the API call these same functions.

Each action is atomic, locks the row, checks the acting user's role (``acting_user=None`` is the system), refuses
a period closed for entry (the results' locks, :mod:`govkpi.core.locks`: a project counts as "every indicator" of
its organisation), checks the figures by :func:`govkpi.strategy.models.progress_problems` — the rules of
:func:`govkpi.core.budget.check_progress` that the workbook and the admin apply — and writes one audit event
(``strategy.progress.<step>``, object ``strategy.projectprogress``, key ``"<pk> <project> <period>"``).

Errors: :class:`NotAllowed` (the role does not allow it), :class:`TransitionError` (not from the current state),
``django.core.exceptions.ValidationError`` keyed by field, in the active language.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from govkpi.accounts.permissions import can_approve, can_enter
from govkpi.audit.actions import record
from govkpi.audit.models import AuditEvent
from govkpi.core.budget import ProgressRow
from govkpi.core.periods import Period, PeriodError, parse_period
from govkpi.core.results import MAX_NOTE, check_text
from govkpi.dashboards.labels import action_label
from govkpi.results.actions import NotAllowed, TransitionError, four_eyes_on
from govkpi.results.evidence import check_upload
from govkpi.results.locks import locks_for
from govkpi.results.rules import message

from .choices import ProgressState, ProjectStatus
from .models import ProgressEvidence, Project, ProjectProgress, progress_problems

__all__ = ["EDITABLE", "NotAllowed", "ProgressEntry", "TransitionError", "add_progress_evidence", "approve_progress",
           "check_entry", "check_open", "check_reason", "decide_each", "events_of", "return_progress", "save_progress",
           "submit_progress"]

EDITABLE = (ProgressState.DRAFT, ProgressState.RETURNED)
OBJECT = "strategy.projectprogress"
FIELDS = ("disbursed", "committed", "progress", "status", "problems", "suggestions")


@dataclass(frozen=True)
class ProgressEntry:
    """What a reporter enters for a project and a period (numbers already read; None = empty)."""

    disbursed: float | None
    committed: float | None = None
    progress: float | None = None
    status: str = ""
    problems: str = ""
    suggestions: str = ""


def _check(allowed: bool, acting_user: AbstractBaseUser | None) -> None:
    if acting_user is not None and not allowed:
        raise NotAllowed(_("Your role does not allow this."))


def period_of(project: Project, code: str) -> Period:
    try:
        return parse_period(code)
    except PeriodError as error:
        raise ValidationError({"period": [_("This is not a period such as 2565-Q1 or 2565-M01.")]}) from error


def check_open(project: Project, period: Period) -> None:
    """A ValidationError on ``period`` when the period is closed for entry for the project's organisation
    (docs/locks.md; an unlock of the organisation for every indicator opens it)."""
    locks = locks_for(period.fiscal_year)
    if locks.locked(project.org, "", period):
        raise ValidationError({"period": [locks.refusal(period)]})


def check_entry(project: Project, period: Period, entry: ProgressEntry, *, exclude: int | None = None) -> None:
    """Every problem of an entry, by field (nothing is written when there is one)."""
    errors: dict[str, list[str]] = {}
    if entry.disbursed is None:
        errors["disbursed"] = [_("Enter the amount disbursed in the period (0 when nothing was paid).")]
    if entry.status and entry.status not in ProjectStatus.values:
        errors["status"] = [_("Choose a status from the list.")]
    for name in ("problems", "suggestions"):
        problem = check_text(getattr(entry, name), name, MAX_NOTE)
        if problem is not None:
            errors[name] = [message(problem)]
    if entry.disbursed is not None:
        row = ProgressRow(period, entry.disbursed, entry.progress, entry.status or None, entry.committed)
        for name, texts in progress_problems(project, row, exclude=exclude).items():
            errors.setdefault(name, []).extend(texts)
    if errors:
        raise ValidationError(errors)


def _entry_of(row: ProjectProgress) -> ProgressEntry:
    return ProgressEntry(row.disbursed, row.committed, row.progress, row.status, row.problems, row.suggestions)


def _log(row: ProjectProgress, step: str, before: str, *, acting_user: AbstractBaseUser | None, channel: str,
         changes: dict[str, Any] | None = None, reason: str = "") -> None:
    audit_changes = dict(changes or {})
    if before != row.state:
        audit_changes["state"] = [before or None, row.state]
    record(acting_user=acting_user, channel=channel, action=f"strategy.progress.{step}", object_type=OBJECT,
           object_key=f"{row.pk} {row.project.code} {row.period}", changes=audit_changes, reason=reason)


def events_of(row: ProjectProgress) -> list[AuditEvent]:
    """The audit events of one progress row, oldest first (its history), each with ``label``: what was done."""
    events = list(AuditEvent.objects.filter(object_type=OBJECT, object_key__startswith=f"{row.pk} ")
                  .order_by("seq", "id"))
    for event in events:
        event.label = action_label(event.action)  # type: ignore[attr-defined]
    return events


def _person(acting_user: AbstractBaseUser | None) -> Any:
    return acting_user if acting_user is not None and acting_user.is_authenticated else None


@transaction.atomic
def save_progress(*, project: Project, period: str, entry: ProgressEntry, acting_user: AbstractBaseUser | None,
                  channel: str) -> ProjectProgress:
    """Create or change the progress of (project, period) while it is a draft or returned."""
    _check(can_enter(acting_user, project.org), acting_user)
    parsed = period_of(project, period)
    row = (ProjectProgress.objects.select_for_update(of=("self",)).select_related("project__org")
           .filter(project=project, period=parsed.code).first())
    if row is not None and row.state not in EDITABLE:
        raise TransitionError(row.state, "edit")
    check_entry(project, parsed, entry, exclude=row.pk if row is not None else None)
    new = {name: getattr(entry, name) for name in FIELDS}
    if row is None:
        check_open(project, parsed)
        row = ProjectProgress.objects.create(project=project, period=parsed.code, state=ProgressState.DRAFT, **new)
        changes = {name: [None, value] for name, value in new.items() if value not in (None, "")}
        _log(row, "create", "", acting_user=acting_user, channel=channel, changes=changes)
        return row
    changes = {name: [getattr(row, name), value] for name, value in new.items() if getattr(row, name) != value}
    if not changes:
        return row
    check_open(project, parsed)
    for name, value in new.items():
        setattr(row, name, value)
    row.save()
    _log(row, "edit", row.state, acting_user=acting_user, channel=channel, changes=changes)
    return row


def _locked(row: ProjectProgress) -> ProjectProgress:
    return (ProjectProgress.objects.select_for_update(of=("self",)).select_related("project__org")
            .get(pk=row.pk))


def _check_stored(row: ProjectProgress) -> None:
    """The rules again at submission and approval: a row that got in some other way is not passed on as it is."""
    check_entry(row.project, period_of(row.project, row.period), _entry_of(row), exclude=row.pk)


@transaction.atomic
def submit_progress(row: ProjectProgress, *, acting_user: AbstractBaseUser | None, channel: str) -> ProjectProgress:
    row = _locked(row)
    _check(can_enter(acting_user, row.project.org), acting_user)
    if row.state not in EDITABLE:
        raise TransitionError(row.state, "submit")
    check_open(row.project, period_of(row.project, row.period))
    _check_stored(row)
    before = row.state
    row.state, row.submitted_by, row.submitted_at = ProgressState.SUBMITTED, _person(acting_user), timezone.now()
    row.save(update_fields=["state", "submitted_by", "submitted_at"])
    _log(row, "submit", before, acting_user=acting_user, channel=channel)
    return row


def submitted_by_self(row: ProjectProgress, user: object) -> bool:
    """Whether ``user`` submitted this report (the four-eyes rule, ``GOVKPI_FOUR_EYES``, as for results)."""
    pk = getattr(user, "pk", None)
    return pk is not None and four_eyes_on() and row.submitted_by_id == pk


@transaction.atomic
def approve_progress(row: ProjectProgress, *, acting_user: AbstractBaseUser | None, channel: str,
                     comment: str = "") -> ProjectProgress:
    row = _locked(row)
    _check(can_approve(acting_user, row.project.org), acting_user)
    if acting_user is not None and row.state == ProgressState.SUBMITTED and submitted_by_self(row, acting_user):
        raise NotAllowed(_("You submitted this report; another approver must approve it."))
    if row.state != ProgressState.SUBMITTED:
        raise TransitionError(row.state, "approve")
    comment = _text(comment, "comment")
    _check_stored(row)
    row.state, row.decided_by, row.decided_at = ProgressState.APPROVED, _person(acting_user), timezone.now()
    row.return_reason = ""
    row.save(update_fields=["state", "decided_by", "decided_at", "return_reason"])
    _log(row, "approve", ProgressState.SUBMITTED, acting_user=acting_user, channel=channel, reason=comment)
    return row


@transaction.atomic
def return_progress(row: ProjectProgress, *, acting_user: AbstractBaseUser | None, channel: str,
                    reason: str) -> ProjectProgress:
    row = _locked(row)
    _check(can_approve(acting_user, row.project.org), acting_user)
    if row.state != ProgressState.SUBMITTED:
        raise TransitionError(row.state, "return")
    reason = check_reason(reason)
    row.state, row.decided_by, row.decided_at = ProgressState.RETURNED, _person(acting_user), timezone.now()
    row.return_reason = reason
    row.save(update_fields=["state", "decided_by", "decided_at", "return_reason"])
    _log(row, "return", ProgressState.SUBMITTED, acting_user=acting_user, channel=channel, reason=reason)
    return row


def check_reason(reason: str) -> str:
    """The reason for returning a report, trimmed; a ValidationError on ``reason`` when it is empty or breaks the
    rules of notes (checked once before returning several)."""
    reason = _text(reason, "reason")
    if not reason:
        raise ValidationError({"reason": [_("Say why (required).")]})
    return reason


DECISIONS = {"approve": approve_progress, "return": return_progress}


def decide_each(rows: list[ProjectProgress], *, decision: str, acting_user: AbstractBaseUser | None, channel: str,
                reason: str = "") -> list[tuple[ProjectProgress, str | None]]:
    """Approve or return several reports, each on its own through :func:`approve_progress` or
    :func:`return_progress` (its role check, the four-eyes rule, its rules and its one audit event), as the results'
    ``approve_each``: each runs in its own transaction — a savepoint when the caller holds one —, so a report that is
    refused leaves the others as they are decided. Returns each report with None (done) or why it was not."""
    action = DECISIONS[decision]
    extra = {"reason": reason} if decision == "return" else {}
    report: list[tuple[ProjectProgress, str | None]] = []
    for row in rows:
        try:
            action(row, acting_user=acting_user, channel=channel, **extra)
        except ValidationError as error:
            report.append((row, " ".join(error.messages)))
        except TransitionError:
            report.append((row, _("This report is no longer waiting for approval.")))
        except NotAllowed as error:
            report.append((row, str(error) or _("Your role does not allow this.")))
        else:
            report.append((row, None))
    return report


def _text(text: str, name: str) -> str:
    text = (text or "").strip()
    problem = check_text(text, name, MAX_NOTE)
    if problem is not None:
        raise ValidationError({name: [message(problem)]})
    return text


@transaction.atomic
def add_progress_evidence(row: ProjectProgress, *, upload: Any, acting_user: AbstractBaseUser | None,
                          channel: str) -> ProgressEvidence:
    """Attach a file (vetted by content and size, ``govkpi.ops.uploads``) to a report that is still editable."""
    row = _locked(row)
    _check(can_enter(acting_user, row.project.org), acting_user)
    if row.state not in EDITABLE:
        raise TransitionError(row.state, "evidence")
    check_open(row.project, period_of(row.project, row.period))
    evidence = ProgressEvidence(progress=row, uploaded_by=_person(acting_user))
    evidence.content_type = check_upload(upload)
    evidence.name = (upload.name or "evidence")[-255:]
    evidence.size = upload.size or 0
    evidence.file.save(evidence.name, upload, save=False)
    evidence.save()
    _log(row, "evidence", row.state, acting_user=acting_user, channel=channel,
         changes={"evidence": [None, evidence.name], "size": [None, evidence.size]})
    return evidence
