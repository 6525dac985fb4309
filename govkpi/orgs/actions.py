"""Writes to the organisation tree."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import connection, transaction
from django.utils import translation

from govkpi.audit.actions import record

from . import admin_areas
from .choices import KNOWN_GROUPS
from .models import OrgUnit, PeerGroup


@transaction.atomic
def rebuild_paths() -> int:
    """Recompute every organisation's materialised path and depth from its parent. Returns how many changed.

    Runs in memory over (id, parent_id) pairs and writes only the rows whose path changed, so calling it after
    every import is cheap. Callers guarantee there is no cycle (the workbook validator refuses one).
    """
    rows = list(OrgUnit.objects.values_list("id", "parent_id", "path", "depth"))
    parent_of = {pk: parent for pk, parent, _path, _depth in rows}
    paths: dict[int, str] = {}

    def path_of(pk: int) -> str:
        chain = []
        node: int | None = pk
        while node is not None and node not in paths:
            chain.append(node)
            node = parent_of[node]
        prefix = paths[node] if node is not None else "/"
        for item in reversed(chain):
            prefix = f"{prefix}{item}/"
            paths[item] = prefix
        return paths[pk]

    changed = []
    for pk, _parent, old_path, old_depth in rows:
        new_path = path_of(pk)
        new_depth = new_path.count("/") - 2
        if new_path != old_path or new_depth != old_depth:
            changed.append(OrgUnit(id=pk, path=new_path, depth=new_depth))
    # One prepared UPDATE run many times: bulk_update's CASE expressions grow with the batch and took most of a
    # national load's time.
    table, quote = OrgUnit._meta.db_table, connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {quote(table)} SET {quote('path')} = %s, {quote('depth')} = %s WHERE {quote('id')} = %s",
            [(org.path, org.depth, org.pk) for org in changed],
        )
    return len(changed)


AREA_GROUPS = {"province": "regional_administration", "district": "district"}


@transaction.atomic
def load_admin_areas(*, province: str | None, acting_user: AbstractBaseUser | None, channel: str) -> dict[str, int]:
    """Create or update provinces, districts and subdistricts from the official data. Returns counts.

    Existing organisations keep their own peer groups and notes; names, kind and parent follow the data.
    """
    wanted = admin_areas.areas(province)
    if province is not None and not wanted:
        raise ValueError(province)
    existing = {org.code: org for org in OrgUnit.objects.filter(code__in=[area.code for area in wanted])}
    ids = dict(OrgUnit.objects.filter(code__in={a.parent for a in wanted if a.parent}).values_list("code", "id"))
    created = updated = 0
    for kind in ("province", "district", "subdistrict"):
        batch = [area for area in wanted if area.kind == kind]
        new = [
            OrgUnit(code=a.code, name_th=a.name_th, name_en=a.name_en, kind=a.kind, parent_id=ids.get(a.parent or ""))
            for a in batch
            if a.code not in existing
        ]
        OrgUnit.objects.bulk_create(new, batch_size=1000)
        created += len(new)
        changed = []
        for area in batch:
            org = existing.get(area.code)
            if org is None:
                continue
            values = {
                "name_th": area.name_th,
                "name_en": area.name_en,
                "kind": area.kind,
                "parent_id": ids.get(area.parent or ""),
            }
            if any(getattr(org, field) != value for field, value in values.items()):
                for field, value in values.items():
                    setattr(org, field, value)
                changed.append(org)
        OrgUnit.objects.bulk_update(changed, ["name_th", "name_en", "kind", "parent_id"], batch_size=1000)
        updated += len(changed)
        ids.update(OrgUnit.objects.filter(code__in=[a.code for a in batch]).values_list("code", "id"))
        group_code = AREA_GROUPS.get(kind)
        if group_code and new:
            group = ensure_groups([group_code])[group_code]
            group.members.add(*OrgUnit.objects.filter(code__in=[org.code for org in new]))
    rebuild_paths()
    counts = {"created": created, "updated": updated, "unchanged": len(wanted) - created - updated}
    if created or updated:
        record(
            acting_user=acting_user,
            channel=channel,
            action="orgs.load_admin_areas",
            object_type="orgunit",
            object_key=province or "*",
            changes=counts,
        )
    return counts


def ensure_groups(codes: list[str]) -> dict[str, PeerGroup]:
    """The peer groups with these codes, creating the missing ones (known codes get their official names)."""
    groups = {group.code: group for group in PeerGroup.objects.filter(code__in=codes)}
    missing = [code for code in dict.fromkeys(codes) if code not in groups]
    for code in missing:
        name_en, name_th = KNOWN_GROUPS.get(code, (code, code))
        with translation.override("en"):
            groups[code] = PeerGroup.objects.create(code=code, name_th=name_th, name_en=str(name_en))
    return groups
