"""Who may see, enter and approve what. The contract other apps rely on:

* ``is_province_admin(user)`` — an ``admin`` membership anywhere, or a Django superuser: the whole province.
* ``visible_orgs(user)`` — the organisations whose internal pages and unapproved results the user may read:
  a reporter's own organisations; an approver's or viewer's organisations and everything below them.
* ``can_view(user, org)``, ``can_enter(user, org)`` (reporter of exactly that organisation),
  ``can_approve(user, org)`` (approver of that organisation or one above it).

A user's memberships are read once (one query) and kept on the user object for the rest of the request.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection
from django.db.models import Model, Q, QuerySet
from django.db.models.expressions import RawSQL

from govkpi.orgs.models import OrgUnit

from .choices import Role
from .models import Membership

_CACHE = "_govkpi_roles"


@dataclass(frozen=True)
class Roles:
    admin: bool
    own: dict[str, frozenset[str]]  # role → org paths held with exactly that role

    def paths(self, *roles: str) -> frozenset[str]:
        """Non-empty paths only: an empty path would match the whole tree."""
        return frozenset(path for role in roles for path in self.own.get(role, ()) if path)


def roles_of(user: object) -> Roles:
    cached = getattr(user, _CACHE, None)
    if cached is not None:
        return cached
    if user is None or not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return _keep(user, Roles(admin=False, own={}))
    return _keep(user, _roles(user, user.memberships.order_by().values_list("role", "org__path")))  # type: ignore[attr-defined]


def _roles(user: object, memberships: Iterable[tuple[str, str]]) -> Roles:
    own: dict[str, set[str]] = {}
    for role, path in memberships:
        own.setdefault(role, set()).add(path)
    return Roles(
        admin=bool(getattr(user, "is_superuser", False)) or Role.ADMIN in own,
        own={role: frozenset(paths) for role, paths in own.items()},
    )


def _keep(user: object, roles: Roles) -> Roles:
    if user is not None:
        try:
            setattr(user, _CACHE, roles)
        except AttributeError:  # AnonymousUser accepts attributes; anything else odd is simply not cached
            pass
    return roles


def memberships_column(model: type[Model]) -> RawSQL:
    """The memberships of the user in the ``user_id`` column of ``model``'s rows, as one text ("role path" a line):
    a query that reads a user (an API token with its user) brings their roles in the same row, and `keep_roles`
    keeps them for the request, as `roles_of` would have read them."""
    table, memberships, orgs = (connection.ops.quote_name(m._meta.db_table) for m in (model, Membership, OrgUnit))
    # The line break is written in SQL, not passed as a parameter: a statement log keeps each statement on one line.
    line = "m.role || ' ' || o.path"
    joined = f"string_agg({line}, chr(10))" if connection.vendor == "postgresql" else f"group_concat({line}, char(10))"
    return RawSQL(f"SELECT {joined} FROM {memberships} AS m JOIN {orgs} AS o ON o.id = m.org_id "  # our table names
                  f"WHERE m.user_id = {table}.user_id", [])  # fmt: skip


def keep_roles(user: object, memberships: str | None) -> Roles:
    """Keep for the request the roles read by `memberships_column` (the user must be active)."""
    lines = (line.split(" ", 1) for line in (memberships or "").splitlines() if line)
    return _keep(user, _roles(user, ((role, path) for role, path in lines)))


def forget_roles(user: object) -> None:
    """Drop the cached roles (after a membership changes)."""
    if hasattr(user, _CACHE):
        delattr(user, _CACHE)


def is_province_admin(user: object) -> bool:
    return roles_of(user).admin


def _below(paths: frozenset[str], org: OrgUnit) -> bool:
    return bool(org.path) and any(org.path.startswith(path) for path in paths)


def can_view(user: object, org: OrgUnit) -> bool:
    roles = roles_of(user)
    if roles.admin:
        return True
    return org.path in roles.paths(Role.REPORTER) or _below(roles.paths(Role.APPROVER, Role.VIEWER), org)


def visible_org(user: object, code: str) -> OrgUnit | None:
    """The organisation of ``code`` when the user may see it, else None (unknown or outside their subtree alike, so
    that a page or endpoint says "not found" for both and tells nothing of what exists elsewhere)."""
    org = OrgUnit.objects.filter(code=code.strip()).first()
    return org if org is not None and can_view(user, org) else None


def can_enter(user: object, org: OrgUnit) -> bool:
    roles = roles_of(user)
    return roles.admin or (bool(org.path) and org.path in roles.paths(Role.REPORTER))


def can_approve(user: object, org: OrgUnit) -> bool:
    roles = roles_of(user)
    return roles.admin or _below(roles.paths(Role.APPROVER), org)


def visible_orgs(user: object) -> QuerySet[OrgUnit]:
    roles = roles_of(user)
    if roles.admin:
        return OrgUnit.objects.all()
    condition = Q(path__in=list(roles.paths(Role.REPORTER)))
    for path in roles.paths(Role.APPROVER, Role.VIEWER):
        condition |= Q(path__startswith=path)
    if not roles.own:
        return OrgUnit.objects.none()
    return OrgUnit.objects.filter(condition)


def approvable_orgs(user: object) -> QuerySet[OrgUnit]:
    roles = roles_of(user)
    if roles.admin:
        return OrgUnit.objects.all()
    paths = roles.paths(Role.APPROVER)
    if not paths:
        return OrgUnit.objects.none()
    condition = Q()
    for path in paths:
        condition |= Q(path__startswith=path)
    return OrgUnit.objects.filter(condition)


def enterable_orgs(user: object) -> QuerySet[OrgUnit]:
    roles = roles_of(user)
    if roles.admin:
        return OrgUnit.objects.all()
    return OrgUnit.objects.filter(path__in=list(roles.paths(Role.REPORTER)))
