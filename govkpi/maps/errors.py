"""What a boundary file's problems say, in Thai or English, with the feature and property that hold them."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from govkpi.core.geometry import CODE_PROPERTIES, GeometryError

MESSAGES: dict[str, Promise] = {
    "too_large": _("The file is %(size)s bytes; the limit is %(limit)s."),
    "not_json": _("The file is not JSON (%(detail)s)."),
    "not_collection": _("The file is not a GeoJSON FeatureCollection."),
    "not_feature": _("This is not a GeoJSON Feature."),
    "no_code": _("No area code: put it in one of the properties %(property)s."),
    "bad_code": _("%(value)s is not an area code (2, 4 or 6 digits, TH in front allowed)."),
    "duplicate_code": _("Area %(value)s is already in features[%(other)s]."),
    "bad_geometry": _("The geometry is not a Polygon or MultiPolygon."),
    "bad_coordinates": _("The coordinates are not rings of longitude, latitude pairs."),
    "empty": _("The file has no features."),
    "unknown_code": _("No official area has code %(value)s."),
    "already_loaded": _("Area %(value)s already has a boundary; load the file with --replace to replace them all."),
}


def error_text(error: GeometryError) -> str:
    """``features[3], property ADM2_PCODE: No official area has code 9901.``"""
    params = {"property": ", ".join(CODE_PROPERTIES), **error.params}
    template = MESSAGES.get(error.code)
    text = str(template) % params if template is not None else error.message
    if "feature" in error.params:
        where = gettext("features[%(feature)s], property %(property)s") % params
        return f"{where}: {text}"
    return text
