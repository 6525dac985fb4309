"""The site navigation, in one place: entries by URL name, skipping any whose URL does not resolve.

Other apps (accounts, results, assessments, awards, reports) add pages that extend ``dashboards/base.html``; their
entries appear as soon as their URL names resolve, so a missing or half-built app never breaks a page.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

EVERYONE, SIGNED_IN, SIGNED_OUT = "everyone", "signed_in", "signed_out"


@dataclass(frozen=True)
class Entry:
    url_name: str
    label: Promise
    audience: str = EVERYONE


ENTRIES: tuple[Entry, ...] = (
    Entry("dashboards:home", _("Overview")),
    Entry("dashboards:rankings", _("Rankings")),
    Entry("strategy:index", _("Plans and budget")),
    Entry("assessments:index", _("Assessments")),
    Entry("awards:index", _("Awards")),
    Entry("reports:index", _("Reports")),
    Entry("opendata:index", _("Open data")),
    Entry("results:tasks", _("My tasks"), SIGNED_IN),
    Entry("results:approvals", _("Approvals"), SIGNED_IN),
    Entry("dashboards:executive", _("Executive view"), SIGNED_IN),
    Entry("accounts:tokens", _("API tokens"), SIGNED_IN),
    Entry("accounts:logout", _("Sign out"), SIGNED_IN),
    Entry("accounts:login", _("Sign in"), SIGNED_OUT),
)


def url_or_none(url_name: str, *args: object) -> str | None:
    """The path of a URL name, or None when no app provides it."""
    try:
        return reverse(url_name, args=args)
    except NoReverseMatch:
        return None


def entries_for(request: HttpRequest) -> list[dict[str, object]]:
    """The entries this visitor sees: ``{"url", "label", "current"}`` in order."""
    user = getattr(request, "user", None)
    signed_in = bool(user is not None and user.is_authenticated)
    shown = []
    for entry in ENTRIES:
        if entry.audience == SIGNED_IN and not signed_in or entry.audience == SIGNED_OUT and signed_in:
            continue
        url = url_or_none(entry.url_name)
        if url is None:
            continue
        current = request.path == url or (url != "/" and request.path.startswith(url))
        shown.append({"url": url, "label": entry.label, "current": current, "name": entry.url_name})
    return shown
