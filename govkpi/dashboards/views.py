"""Public pages. Views only read the request, call one function and render."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from .home import NotFound, home_page
from .preferences import DIGITS_CHOICES, DIGITS_COOKIE, ONE_YEAR


def home(request: HttpRequest) -> HttpResponse:
    try:
        context = home_page(request.GET.get("fy"))
    except NotFound as error:
        raise Http404(str(error)) from error
    return render(request, "dashboards/home.html", context)


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
