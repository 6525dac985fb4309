"""Public pages, the executive view and the embeds. Views only read the request, call one function and render."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from govkpi.accounts import permissions
from govkpi.ops.csp import policy as site_policy

from .cache import cached_page
from .executive import executive_page
from .goal import goal_page
from .home import NotFound, home_page
from .indicator import indicator_page
from .org import org_page
from .preferences import DIGITS_CHOICES, DIGITS_COOKIE, ONE_YEAR, digits_of
from .rankings import rankings_page

EMBED_CSP = site_policy().replace("frame-ancestors 'none'", "frame-ancestors *")  # framing allowed from anywhere


def _page(request: HttpRequest, template: str, build: Callable[[], dict[str, Any]]) -> HttpResponse:
    try:
        context = build()
    except NotFound as error:
        raise Http404(str(error)) from error
    return render(request, template, context)


@cached_page
def home(request: HttpRequest) -> HttpResponse:
    return _page(request, "dashboards/home.html", lambda: home_page(request.GET.get("fy")))


@cached_page
def goal(request: HttpRequest, code: str) -> HttpResponse:
    return _page(request, "dashboards/goal.html", lambda: goal_page(code, request.GET.get("fy")))


@cached_page
def indicator(request: HttpRequest, code: str) -> HttpResponse:
    sort, order = request.GET.get("sort", "score"), request.GET.get("order", "desc")
    digits = digits_of(request)
    return _page(
        request, "dashboards/indicator.html", lambda: indicator_page(code, request.GET.get("fy"), sort, order, digits)
    )


@cached_page
def org(request: HttpRequest, code: str) -> HttpResponse:
    return _page(request, "dashboards/org.html", lambda: org_page(code, request.GET.get("fy")))


@cached_page
def rankings(request: HttpRequest) -> HttpResponse:
    return _page(request, "dashboards/rankings.html", lambda: rankings_page(request.GET.get("fy")))


def _embeddable(response: HttpResponse) -> HttpResponse:
    """Embeds, and only embeds, may be framed by any site (the province's own website, a newspaper)."""
    response["Content-Security-Policy"] = EMBED_CSP
    response.xframe_options_exempt = True  # type: ignore[attr-defined]
    return response


@cached_page
def embed_indicator(request: HttpRequest, code: str) -> HttpResponse:
    digits = digits_of(request)
    page = _page(
        request,
        "dashboards/embed_indicator.html",
        lambda: indicator_page(code, request.GET.get("fy"), digits=digits),
    )
    return _embeddable(page)


@cached_page
def embed_org(request: HttpRequest, code: str) -> HttpResponse:
    return _embeddable(_page(request, "dashboards/embed_org.html", lambda: org_page(code, request.GET.get("fy"))))


def _visible_orgs(request: HttpRequest) -> Any:
    """The organisations this official may see; None: all of them (a province administrator)."""
    if permissions.is_province_admin(request.user):
        return None
    visible = permissions.visible_orgs(request.user)
    if not visible.exists():
        raise PermissionDenied
    return visible


def executive(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    visible = _visible_orgs(request)
    return _page(request, "dashboards/executive.html", lambda: executive_page(request.GET.get("fy"), visible))


@require_POST
def set_digits(request: HttpRequest) -> HttpResponse:
    """Remember Thai or Arabic digits in a cookie and go back where the visitor was."""
    target = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        target = "/"
    response = HttpResponseRedirect(target)
    choice = request.POST.get("digits")
    if choice in DIGITS_CHOICES:
        response.set_cookie(DIGITS_COOKIE, choice, max_age=ONE_YEAR, samesite="Lax", secure=request.is_secure())
    return response
