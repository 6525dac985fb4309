"""The human-readable API guide at `/api/v1/docs`: how to get a token, the conventions, a worked reporting cycle,
and a table of every operation read from the OpenAPI description, so it is never out of date."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from .http import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE

EXAMPLE = Path(__file__).resolve().parent / "templates" / "api" / "cycle_example.py"
METHODS = ("get", "post", "put", "patch", "delete")


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    summary: str
    public: bool
    tag: str
    scope: str = "read"


@cache
def operations() -> tuple[Operation, ...]:
    """Every operation of the API, in the order of the OpenAPI description (by router, then by path)."""
    from .main import api

    rows = []
    for path, item in api.get_openapi_schema()["paths"].items():
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            security = operation.get("security", [])
            rows.append(Operation(
                method=method.upper(),
                path=path,
                summary=operation.get("summary", ""),
                public={} in security,
                tag=(operation.get("tags") or [""])[0],
                scope=", ".join(operation.get("x-scopes", ["read"])),
            ))
    return tuple(rows)


def example_script() -> str:
    return EXAMPLE.read_text(encoding="utf-8")


@require_safe
def guide(request: HttpRequest) -> HttpResponse:
    base = request.build_absolute_uri("/").rstrip("/")
    context: dict[str, Any] = {
        "operations": operations(),
        "base": base,
        "script": example_script(),
        "rate": settings.GOVKPI_API_RATE,
        "anon_rate": settings.GOVKPI_API_ANON_RATE,
        "default_page_size": DEFAULT_PAGE_SIZE,
        "max_page_size": MAX_PAGE_SIZE,
    }
    return render(request, "api/guide.html", context)
