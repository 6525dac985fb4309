"""The public budget and plan pages. Views only read the request, call one function and render."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from .pages import NotFound, budget_page, budget_years, index_page, plan_page


def _page(request: HttpRequest, template: str, build: Callable[[], dict[str, Any]]) -> HttpResponse:
    try:
        context = build()
    except NotFound as error:
        raise Http404(str(error)) from error
    return render(request, template, context)


def budget(request: HttpRequest, year: int) -> HttpResponse:
    return _page(request, "strategy/budget.html", lambda: budget_page(year, request.GET.get("as_of") or None))


def plan(request: HttpRequest, code: str) -> HttpResponse:
    return _page(request, "strategy/plan.html", lambda: plan_page(code))


def index(request: HttpRequest) -> HttpResponse:
    return render(request, "strategy/index.html", index_page())


def latest_budget(request: HttpRequest) -> HttpResponse:
    """The newest year with projects; the plans page (which says there are none) when no project is loaded."""
    years = budget_years()
    return redirect("strategy:budget", years[0]) if years else redirect("strategy:index")
