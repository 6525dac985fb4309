"""Loading boundaries: a GeoJSON FeatureCollection in, one `Boundary` per official area, all or nothing, audited."""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from govkpi.audit.actions import record
from govkpi.core.geometry import GeometryError, read_collection, simplify_shape
from govkpi.orgs import admin_areas

from .models import Boundary

MAX_BYTES = 20 * 1024 * 1024  # a province's districts and subdistricts take a few MB; a country's do not belong here
STORE_TOLERANCE = 0.0005  # degrees, about 50 m: finer than a province map at any screen size can show
STORE_DIGITS = 5  # about 1 m


def read_json(content: bytes) -> Any:
    if len(content) > MAX_BYTES:
        raise GeometryError("too_large", f"{len(content)} bytes", {"size": len(content), "limit": MAX_BYTES})
    try:
        return json.loads(content)
    except (UnicodeDecodeError, ValueError) as error:
        raise GeometryError("not_json", str(error), {"detail": str(error)}) from error


@transaction.atomic
def load_boundaries(
    content: bytes,
    *,
    source: str,
    replace: bool,
    acting_user: AbstractBaseUser | None,
    channel: str,
    attribution: str = "",
) -> dict[str, int]:
    """Check every feature, then write them all; the first problem raises `GeometryError` and nothing is written.

    Without ``replace`` an area that already has a boundary is refused; with it, every earlier boundary goes.
    ``attribution`` (the data's owner and licence, as the licence asks) is shown under the maps drawn from them.
    """
    features = read_collection(read_json(content))
    official = {area.code: area for area in admin_areas.areas() if area.code[:2] in {f.code[:2] for f in features}}
    for feature in features:
        if feature.code not in official:
            where = {"feature": feature.index, "property": feature.property, "value": feature.code}
            raise GeometryError("unknown_code", f"feature {feature.index}: no official area {feature.code}", where)
    removed = 0
    if replace:
        removed, _ = Boundary.objects.all().delete()
    else:
        loaded = set(Boundary.objects.filter(code__in=[f.code for f in features]).values_list("code", flat=True))
        for feature in features:
            if feature.code in loaded:
                where = {"feature": feature.index, "property": feature.property, "value": feature.code}
                raise GeometryError("already_loaded", f"feature {feature.index}: {feature.code} already loaded", where)
    Boundary.objects.bulk_create(
        Boundary(
            code=f.code,
            level=f.level,
            name_th=official[f.code].name_th,
            name_en=official[f.code].name_en,
            geometry=simplify_shape(f.shape, STORE_TOLERANCE, STORE_DIGITS),
            source=source[:255],
            attribution=attribution.strip()[:255],
        )
        for f in features
    )
    counts = {"loaded": len(features), "removed": removed}
    record(
        acting_user=acting_user,
        channel=channel,
        action="maps.load_boundaries",
        object_type="maps.boundary",
        object_key=source,
        changes={**counts, "codes": sorted(f.code for f in features), "attribution": attribution.strip()[:255]},
    )
    return counts
