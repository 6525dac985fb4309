"""The public awards page: totals always computed from the records, published claims checked openly, GECC expiry."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from govkpi.assessments.models import Assessment
from govkpi.claims.services import check_claims
from govkpi.core.frameworks import FrameworkError, load_framework
from govkpi.orgs.models import OrgUnit

from .choices import AwardCategory
from .models import Award

ALERT_DAYS = 90


class NotFound(Exception):
    pass


def _name(org: OrgUnit | tuple[str, str]) -> str:
    th, en = (org.name_th, org.name_en) if isinstance(org, OrgUnit) else org
    return en if get_language() == "en" and en else th


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def expiry(award: Award) -> date | None:
    """When a certificate with a validity period (GECC: 3 years from the configuration) runs out."""
    if award.date is None:
        return None
    try:
        years = load_framework(award.category, award.fiscal_year).validity_years
    except FrameworkError:
        return None
    return None if years is None else add_years(award.date, years)


def expiry_state(ends: date | None, today: date) -> str:
    if ends is None:
        return ""
    if ends < today:
        return "expired"
    return "expiring" if ends - today <= timedelta(days=ALERT_DAYS) else "valid"


def award_years() -> list[int]:
    return sorted(set(Award.objects.values_list("fiscal_year", flat=True)), reverse=True)


def awards_page(fy: str | None, today: date | None = None) -> dict[str, Any]:
    today = today or timezone.localdate()
    years = award_years()
    if not years:
        return {"empty": True, "years": []}
    try:
        year = int(fy) if fy else years[0]
    except ValueError as error:
        raise NotFound(fy) from error
    if year not in years:
        raise NotFound(fy)
    awards = list(Award.objects.filter(fiscal_year=year).select_related("recipient"))
    orgs = {
        pk: (code, kind, name_th, name_en, path)
        for pk, code, kind, name_th, name_en, path in OrgUnit.objects.values_list(
            "id", "code", "kind", "name_th", "name_en", "path"
        )
    }
    assessed = set(Assessment.objects.filter(fiscal_year=year).values_list("framework", "org_id"))
    labels = dict(AwardCategory.choices)
    by_category: Counter[str] = Counter()
    by_issuer: Counter[str] = Counter()
    by_recipient: Counter[int] = Counter()
    by_district: Counter[int | None] = Counter()
    lines = []
    for award in awards:
        by_category[award.category] += award.quantity
        by_issuer[award.issuer] += award.quantity
        by_recipient[award.recipient_id] += award.quantity
        district = _district(award.recipient_id, orgs)
        by_district[district] += award.quantity
        ends = expiry(award)
        lines.append(
            {
                "award": award,
                "title": award.title_en if get_language() == "en" and award.title_en else award.title_th,
                "recipient": _name(award.recipient),
                "category": labels.get(award.category, award.category),
                "expires": ends,
                "expiry_state": expiry_state(ends, today),
                "assessment": (award.category, year) if (award.category, award.recipient_id) in assessed else None,
            }
        )
    claims = check_claims(year)["claims"]
    return {
        "empty": False,
        "year": year,
        "years": years,
        "total": sum(by_category.values()),
        "by_category": [(labels.get(k, k), n) for k, n in sorted(by_category.items(), key=lambda i: (-i[1], i[0]))],
        "by_issuer": sorted(by_issuer.items(), key=lambda item: (-item[1], item[0])),
        "by_recipient": sorted(
            ((_name(orgs[pk][2:4]), orgs[pk][0], n) for pk, n in by_recipient.items()),
            key=lambda item: (-item[2], item[1]),
        ),
        "by_district": sorted(
            ((_name(orgs[pk][2:4]) if pk else _("province level"), n) for pk, n in by_district.items()),
            key=lambda item: (-item[1], item[0]),
        ),
        "lines": lines,
        "alerts": [line for line in lines if line["expiry_state"] in ("expiring", "expired")],
        "claims": claims,
        "mismatches": [claim for claim in claims if claim["status"] != "ok"],
        "alert_days": ALERT_DAYS,
    }


def _district(org_id: int, orgs: dict[int, tuple[str, str, str, str, str]]) -> int | None:
    """The district at or above an organisation (None for the province and units outside any district)."""
    for part in reversed(orgs[org_id][4].strip("/").split("/")):
        if part and orgs.get(int(part), ("", ""))[1] == "district":
            return int(part)
    return None
