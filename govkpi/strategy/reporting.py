"""What the project-progress pages show (docs/planning.md, "Reporting project progress"): a reporter's entry rows
for an organisation and a period (with the files attached on a page that came back with errors, kept pending), an
approver's queue and the reports an approver selected to decide together. The writes are
:mod:`govkpi.strategy.progress`'s."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, QueryDict
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _

from govkpi.accounts.permissions import can_approve, can_view
from govkpi.core.periods import Period, PeriodError, PeriodKind, parse_period, periods_of
from govkpi.orgs.models import OrgUnit
from govkpi.results.evidence import Pending, drop_pending, keep_pending, pending_of
from govkpi.results.locks import locks_for
from govkpi.results.validation import number

from .choices import ProgressState
from .labels import status_label
from .models import ProgressEvidence, Project, ProjectProgress
from .progress import EDITABLE, ProgressEntry, submitted_by_self

FIELDS = ("disbursed", "committed", "progress", "status", "problems", "suggestions")
NUMBERS = ("disbursed", "committed", "progress")
STATE_LABELS = dict(ProgressState.choices)


def state_label(state: str) -> str:
    return str(STATE_LABELS.get(state, state))


@dataclass
class EntryRow:
    """One project on the entry page: its stored report of the period (or None) and what the form holds."""

    project: Project
    stored: ProjectProgress | None
    closed: str = ""  # why the period is closed for entry, when it is
    posted: dict[str, str] | None = None
    errors: dict[str, list[str]] = field(default_factory=dict)
    upload: Any = None
    remove_pending: bool = False
    pending: Pending | None = None  # a file attached on a page that came back with errors, not saved yet

    @property
    def editable(self) -> bool:
        return not self.closed and (self.stored is None or self.stored.state in EDITABLE)

    @property
    def state(self) -> str:
        return self.stored.state if self.stored is not None else ""

    @property
    def state_label(self) -> str:
        return state_label(self.state) if self.stored is not None else _("Not reported")

    @property
    def status_label(self) -> str:
        return status_label(self.stored.status if self.stored is not None else None)

    def shown(self, name: str) -> str:
        """What the field shows: what was posted, else what is stored."""
        if self.posted is not None:
            return self.posted.get(name, "")
        value = getattr(self.stored, name, None) if self.stored is not None else None
        if value is None:
            return ""
        if isinstance(value, float):
            return str(int(value)) if value.is_integer() else str(value)
        return str(value)

    @property
    def placed(self) -> dict[str, list[str]]:
        """The errors by the field that shows them ("" for the row as a whole: a closed period, a refusal)."""
        placed: dict[str, list[str]] = {}
        for name, texts in self.errors.items():
            placed.setdefault(name if name in (*FIELDS, "file") else "", []).extend(texts)
        return placed


def entry_rows(org: OrgUnit, period: Period) -> list[EntryRow]:
    """The organisation's projects of the period's fiscal year with their report of the period (two queries, and
    the year's locks)."""
    projects = list(Project.objects.filter(org=org, fiscal_year=period.fiscal_year).select_related("org")
                    .prefetch_related(Prefetch("progress", queryset=ProjectProgress.objects.filter(
                        period=period.code).prefetch_related("evidence"), to_attr="of_period"))
                    .order_by("code"))
    locks = locks_for(period.fiscal_year)
    closed = locks.refusal(period) if locks.locked(org, "", period) else ""
    return [EntryRow(project, project.of_period[0] if project.of_period else None, closed)  # type: ignore[attr-defined]
            for project in projects]


def read_row(row: EntryRow, post: QueryDict, files: MultiValueDict) -> ProgressEntry | None:
    """The row's entry, or None when it was left as it is (and no file was attached). Number errors go to
    ``row.errors``."""
    key = row.project.pk
    raw = {name: post.get(f"{name}-{key}", "").strip() for name in FIELDS}
    row.upload = files.get(f"file-{key}")
    row.remove_pending = post.get(f"remove_pending-{key}") == "on"
    current = {name: row.shown(name) for name in FIELDS}
    row.posted = raw
    if raw == current:
        return None
    if row.stored is None and not any(raw.values()):
        return None
    values = {name: number(raw[name], name, row.errors) for name in NUMBERS}
    return ProgressEntry(values["disbursed"], values["committed"], values["progress"], raw["status"],
                         raw["problems"], raw["suggestions"])


# --- files attached on a page that came back with errors ----------------------------------------------------------
# They are kept as the results' pending evidence (govkpi.results.evidence: vetted at once, stored under the
# reporter's own folder, remembered in their session) in a slot of their own, "<org>/projects", which no results
# page reads (an organisation code never holds "/": it is one segment of the pages' addresses).


def _slot(org_code: str) -> str:
    return f"{org_code}/projects"


def with_pending(request: HttpRequest, org_code: str, period: str, rows: list[EntryRow]) -> None:
    """Show the files this person attached before the page came back with errors; forget those of reports that
    can no longer be changed."""
    pending = pending_of(request, _slot(org_code), period)
    for row in rows:
        item = pending.get(row.project.pk)
        if item is None:
            continue
        if row.editable:
            row.pending = item
        else:
            drop_pending(request, _slot(org_code), period, row.project.pk)


def keep_uploads(request: HttpRequest, org_code: str, period: str, rows: list[EntryRow]) -> None:
    """After :func:`read_row`: each new file is vetted and kept pending at once (a refusal goes to the row's
    ``file`` errors), so that it is not lost when the page comes back with errors; a kept file whose "remove" is
    ticked is forgotten."""
    for row in rows:
        key = row.project.pk
        if row.pending is not None and row.remove_pending:
            drop_pending(request, _slot(org_code), period, key)
            row.pending = None
        if row.upload is None:
            continue
        if not row.editable:
            row.errors.setdefault("__all__", []).append(row.closed or _("This report can no longer be changed."))
            continue
        try:
            row.pending = keep_pending(request, _slot(org_code), period, key, row.upload)
        except ValidationError as error:
            row.errors.setdefault("file", []).extend(error.messages)


def drop_saved(request: HttpRequest, org_code: str, period: str, rows: list[EntryRow]) -> None:
    """Forget the pending files once the page is saved (they are the reports' evidence now)."""
    for row in rows:
        if row.pending is not None:
            drop_pending(request, _slot(org_code), period, row.project.pk)
            row.pending = None


def error_summary(rows: list[EntryRow]) -> list[tuple[str, str]]:
    links = []
    for row in rows:
        for name, texts in row.errors.items():
            anchor = f"{name}-{row.project.pk}" if name in (*FIELDS, "file") and row.editable else \
                f"project-{row.project.pk}"
            links += [(anchor, f"{row.project.code}: {text}") for text in texts]
    return links


def entry_periods(fiscal_year: int) -> list[Period]:
    """The periods a report may be for: quarters, then months (contract: a quarter or a month of the year)."""
    return list(periods_of(fiscal_year, PeriodKind.QUARTER)) + list(periods_of(fiscal_year, PeriodKind.MONTH))


@dataclass
class QueueItem:
    row: ProjectProgress
    own: bool
    previous: ProjectProgress | None
    evidence: list[ProgressEvidence]
    error: str = ""


def approval_queue(orgs: QuerySet[OrgUnit], user: object) -> list[QueueItem]:
    """Submitted reports of the projects of ``orgs``, oldest submission first, each with the project's latest
    approved report before it (four queries)."""
    rows = list(ProjectProgress.objects.filter(state=ProgressState.SUBMITTED, project__org__in=orgs)
                .select_related("project__org", "submitted_by").prefetch_related("evidence")
                .order_by("submitted_at", "pk")[:500])
    approved: dict[int, list[ProjectProgress]] = {}
    for other in ProjectProgress.objects.filter(project_id__in={row.project_id for row in rows},
                                                state=ProgressState.APPROVED).order_by("period"):
        approved.setdefault(other.project_id, []).append(other)
    items = []
    for row in rows:
        end = _end(row.period)
        before = [other for other in approved.get(row.project_id, [])
                  if end is not None and (other_end := _end(other.period)) is not None and other_end < end]
        before.sort(key=lambda other: _end(other.period) or date.min)
        items.append(QueueItem(row, submitted_by_self(row, user), before[-1] if before else None,
                               list(row.evidence.all())))
    return items


def _end(code: str) -> date | None:
    try:
        return parse_period(code).end
    except PeriodError:
        return None


# --- several reports decided together ---------------------------------------------------------------------------

MAX_SELECTED = 500  # as many as the queue lists


@dataclass
class Selection:
    """The reports an approver ticked: those they may decide (visible and in their subtree), and the others, each
    with what it is and why it is left as it is — a report they may not see is named by its number only."""

    rows: list[ProjectProgress]
    refused: list[tuple[str, str]]


def selected_progress(user: object, values: list[str]) -> Selection:
    """The reports of the ticked ids (two queries), by project and period."""
    ids = sorted({int(value) for value in values if value.isdigit()})[:MAX_SELECTED]
    found = {row.pk: row for row in ProjectProgress.objects.filter(pk__in=ids)
             .select_related("project__org", "submitted_by").order_by("project__code", "period", "pk")}
    rows, refused = [], []
    for pk in ids:
        row = found.get(pk)
        if row is None or not can_view(user, row.project.org):
            refused.append((f"#{pk}", _("This report is not among those you may approve.")))
        elif not can_approve(user, row.project.org):
            refused.append((row_label(row), _("Your role does not allow this.")))
        else:
            rows.append(row)
    rows.sort(key=lambda row: (row.project.code, row.period, row.pk))
    return Selection(rows, refused)


def row_label(row: ProjectProgress) -> str:
    return f"{row.project.code} {row.period}"


def foreseen_refusal(row: ProjectProgress, user: object, decision: str) -> str:
    """Why a selected report would be refused as it stands ("" when it would not), shown before confirming; the
    actions decide again when confirmed."""
    if row.state != ProgressState.SUBMITTED:
        return _("This report is no longer waiting for approval.")
    if decision == "approve" and submitted_by_self(row, user):
        return _("You submitted this report; another approver must approve it.")
    return ""
