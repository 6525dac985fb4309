"""Public assessment pages. Views only read the request, call one function and render."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from .errors import AssessmentError, error_message
from .pages import framework_page, index_page


def index(request: HttpRequest) -> HttpResponse:
    return render(request, "assessments/index.html", index_page())


def framework(request: HttpRequest, framework: str, year: int) -> HttpResponse:
    try:
        context = framework_page(framework, year)
    except AssessmentError as error:
        raise Http404(error_message(error)) from error
    return render(request, "assessments/framework.html", context)
