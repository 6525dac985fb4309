"""`/api/v1/events`: events at which the province reports its results (press conferences, ceremonies, review
meetings). Public, as in the open data.

* ``GET /events?fiscal_year=&ordering=``
* ``GET /events/{id}``
"""

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, FilterSchema, Query, Router, Schema
from ninja.pagination import paginate

from govkpi.events.models import Event

from ..http import PUBLIC, PageNumber, Rows, not_found, ordered, ordering_type, responses
from ._records import sees_notes

router = Router()


class ReportingEventOut(Schema):
    id: int
    fiscal_year: int
    title_th: str
    title_en: str
    date: datetime.date
    time: str = Field(..., description="24-hour HH:MM, or empty.")
    place: str
    presiding: str
    presiding_position: str
    recording_url: str
    note: str | None = Field(None, description="Province administrators only; null for everyone else.")


class ReportingEventFilters(FilterSchema):
    fiscal_year: int | None = Field(None, ge=0, le=32767)


ORDERING = {"date": "date", "fiscal_year": "fiscal_year"}
DEFAULT_ORDER = ("date", "time", "title_th", "id")


def serialize(event: Event, notes: bool = False) -> dict[str, Any]:
    return {
        "id": event.pk,
        "fiscal_year": event.fiscal_year,
        "title_th": event.title_th,
        "title_en": event.title_en,
        "date": event.date,
        "time": event.time,
        "place": event.place,
        "presiding": event.presiding,
        "presiding_position": event.presiding_position,
        "recording_url": event.recording_url,
        "note": event.note if notes else None,
    }


@router.get("", response=list[ReportingEventOut], auth=PUBLIC, summary="List events")
@paginate(PageNumber)
def list_events(
    request: HttpRequest,
    filters: ReportingEventFilters = Query(...),  # noqa: B008
    ordering: ordering_type(*ORDERING) | None = None,  # type: ignore[valid-type]
) -> Any:
    notes = sees_notes(request)
    rows = filters.filter(Event.objects.all())
    return Rows(ordered(rows, ordering, ORDERING, DEFAULT_ORDER), lambda row: serialize(row, notes))


@router.get("/{int:pk}", response=responses(ReportingEventOut), auth=PUBLIC, summary="One event")
def get_event(request: HttpRequest, pk: int) -> Any:
    event = Event.objects.filter(pk=pk).first()
    if event is None:
        raise not_found()
    return serialize(event, sees_notes(request))
