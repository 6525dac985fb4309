"""The public awards page. Views only read the request, call one function and render."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from .pages import NotFound, awards_page


def index(request: HttpRequest) -> HttpResponse:
    try:
        context = awards_page(request.GET.get("fy"))
    except NotFound as error:
        raise Http404(str(error)) from error
    return render(request, "awards/index.html", context)
