"""`/api/v1/orgs` and `/api/v1/groups`: the organisation tree and its peer groups, public like the site's pages.
Fields are the workbook's `org_units` columns (workbook.md); lists are JSON arrays and x_ notes an ``extra`` object.

* ``GET /orgs?kind=&parent=&group=&under=&q=&ordering=`` · ``GET /orgs/{code}`` (with ``children``)
* ``PUT /orgs/{code}`` — a workbook row, loaded like a one-row file (province administrators)
* ``GET /groups?q=`` · ``GET /groups/{code}`` — with the member count; the members: ``/orgs?group={code}``
"""

from typing import Annotated, Any

from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest
from ninja import Field, FilterLookup, FilterSchema, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from govkpi.orgs.choices import OrgKind
from govkpi.orgs.models import OrgUnit, PeerGroup

from ..http import PUBLIC, PageNumber, Rows, not_found, ordered, ordering_type, responses
from .workbook import notes, put_responses, put_row, row_body

router = Router()
groups_router = Router()


class OrgOut(Schema):
    code: str
    name_th: str
    name_en: str
    kind: str
    parent: str | None = Field(description="The parent's code; null for a root.")
    groups: list[str] = Field(description="Codes of the peer groups.")
    depth: int = Field(description="0 for a root, 1 below it, …")
    extra: dict[str, Any] = Field(description="Free notes (x_ columns).")


class OrgDetail(OrgOut):
    children: list[str] = Field(description="Codes of the organisations directly below.")


class OrgFilters(FilterSchema):
    kind: OrgKind | None = None
    parent: Annotated[str | None, FilterLookup("parent__code")] = Field(None, description="The parent's code.")
    group: Annotated[str | None, FilterLookup("groups__code")] = Field(None, description="A peer group's code.")
    under: str | None = Field(None, description="An organisation's code: it and everything below it.")
    q: Annotated[str | None, FilterLookup(["code__icontains", "name_th__icontains", "name_en__icontains"])] = Field(
        None, description="Part of the code or name."
    )

    def filter_under(self, code: str | None) -> Q:
        if code is None:
            return Q()
        org = OrgUnit.objects.filter(code=code).first()
        if org is None or not org.path:
            return Q(pk__in=[])
        return Q(pk__in=OrgUnit.objects.subtree(org).values("pk"))


ORDERING = {"code": "code", "name_th": "name_th", "kind": "kind", "depth": "depth"}


def orgs() -> Any:
    return OrgUnit.objects.select_related("parent").prefetch_related(
        Prefetch("groups", queryset=PeerGroup.objects.order_by("code"))
    )


def serialize(org: OrgUnit) -> dict[str, Any]:
    return {
        "code": org.code,
        "name_th": org.name_th,
        "name_en": org.name_en,
        "kind": org.kind,
        "parent": org.parent.code if org.parent else None,
        "groups": [group.code for group in org.groups.all()],
        "depth": org.depth,
        "extra": notes(org.extra),
    }


def _detail(code: str) -> dict[str, Any]:
    org = orgs().filter(code=code).first()
    if org is None:
        raise not_found()
    body = serialize(org)
    body["children"] = list(OrgUnit.objects.filter(parent=org).order_by("code").values_list("code", flat=True))
    return body


@router.get("", response=list[OrgOut], auth=PUBLIC, summary="List organisations")
@paginate(PageNumber)
def list_orgs(
    request: HttpRequest,
    filters: OrgFilters = Query(...),  # noqa: B008
    ordering: ordering_type(*ORDERING) | None = None,  # type: ignore[valid-type]
) -> Any:
    return Rows(ordered(filters.filter(orgs()), ordering, ORDERING, ("code",)), serialize)


@router.get("/{path:code}", response=responses(OrgDetail), auth=PUBLIC, summary="One organisation")
def get_org(request: HttpRequest, code: str) -> Any:
    return _detail(code)


@router.put(
    "/{path:code}",
    response=put_responses(OrgDetail),
    summary="Create or change an organisation",
    description="The body is an `org_units` row of the workbook; it is loaded like a one-row file (same checks, "
                "messages and audit; tree paths rebuilt). Province administrators only. 201 when created.",
    openapi_extra=row_body("org_units", ("code",), {"name_th": "อำเภอเมืองแพร่", "kind": "district",
                                                    "parent": "54", "groups": ["district"]}),
)
def put_org(request: HttpRequest, code: str) -> Any:
    created = put_row(request, "org_units", {"code": code})[0]
    return Status(201 if created else 200, _detail(code))


# --- peer groups --------------------------------------------------------------------------------------------------


class GroupOut(Schema):
    code: str
    name_th: str
    name_en: str
    members: int = Field(description="How many organisations are in the group (list them with /orgs?group=).")


class GroupFilters(FilterSchema):
    q: Annotated[str | None, FilterLookup(["code__icontains", "name_th__icontains", "name_en__icontains"])] = Field(
        None, description="Part of the code or name."
    )


GROUP_ORDERING = {"code": "code", "name_th": "name_th", "members": "member_count"}


def groups() -> Any:
    return PeerGroup.objects.annotate(member_count=Count("members"))


def serialize_group(group: PeerGroup) -> dict[str, Any]:
    return {"code": group.code, "name_th": group.name_th, "name_en": group.name_en,
            "members": group.member_count}  # type: ignore[attr-defined]


@groups_router.get("", response=list[GroupOut], auth=PUBLIC, summary="List peer groups")
@paginate(PageNumber)
def list_groups(
    request: HttpRequest,
    filters: GroupFilters = Query(...),  # noqa: B008
    ordering: ordering_type(*GROUP_ORDERING) | None = None,  # type: ignore[valid-type]
) -> Any:
    return Rows(ordered(filters.filter(groups()), ordering, GROUP_ORDERING, ("code",)), serialize_group)


@groups_router.get("/{path:code}", response=responses(GroupOut), auth=PUBLIC, summary="One peer group")
def get_group(request: HttpRequest, code: str) -> Any:
    group = groups().filter(code=code).first()
    if group is None:
        raise not_found()
    return serialize_group(group)
