"""The shared layer of the API: bearer-token authentication, JSON bodies, JSON errors, pagination.

Every resource module (`api/resources/<name>.py`) writes plain functions decorated with :func:`endpoint`; they
return a dict (200), a ``(dict, status)`` pair, or raise. Error bodies are always
``{"error": {"code": …, "message": …, "fields": {…}}}``:

* 400 ``invalid`` (with ``fields``) or ``bad_json``; 401 ``unauthenticated`` (no, unknown or revoked token);
* 403 ``forbidden`` (visible to you, but your role does not allow it); 404 ``not_found`` (does not exist or is
  not visible to you — the two are indistinguishable on purpose); 405 ``method_not_allowed``;
* 409 ``conflict`` (the transition is not allowed from the current status).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import EmptyPage, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from govkpi.accounts.models import ApiToken, hash_token
from govkpi.results.actions import TransitionError

MAX_PAGE_SIZE = 200
DEFAULT_PAGE_SIZE = 50
LAST_USED_EVERY = timedelta(minutes=5)


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, fields: dict[str, list[str]] | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.fields = status, code, message, fields or {}


def not_found() -> ApiError:
    return ApiError(404, "not_found", _("Not found."))


def error_response(error: ApiError) -> JsonResponse:
    body: dict[str, Any] = {"code": error.code, "message": error.message}
    if error.fields:
        body["fields"] = error.fields
    response = JsonResponse({"error": body}, status=error.status, json_dumps_params={"ensure_ascii": False})
    if error.status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="govkpi"'
    return response


def authenticate(request: HttpRequest) -> Any:
    header = request.headers.get("Authorization", "")
    scheme, _sep, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(401, "unauthenticated", _("Send an API token: Authorization: Bearer <token>."))
    row = (
        ApiToken.objects.select_related("user")
        .filter(digest=hash_token(token.strip()), revoked=False, user__is_active=True)
        .first()
    )
    if row is None:
        raise ApiError(401, "unauthenticated", _("The API token is not valid."))
    now = timezone.now()
    if row.last_used_at is None or now - row.last_used_at > LAST_USED_EVERY:
        ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
    return row.user


def json_body(request: HttpRequest) -> dict[str, Any]:
    if not request.body:
        return {}
    try:
        body = json.loads(request.body)
    except (ValueError, UnicodeDecodeError) as error:
        raise ApiError(400, "bad_json", _("The body is not valid JSON.")) from error
    if not isinstance(body, dict):
        raise ApiError(400, "bad_json", _("The body must be a JSON object."))
    return body


def field_errors(error: ValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {name: [str(m) for m in ValidationError(items).messages] for name, items in error.error_dict.items()}
    return {"__all__": [str(m) for m in error.messages]}


def endpoint(*methods: str) -> Callable[[Callable[..., Any]], Callable[..., HttpResponse]]:
    """Authenticate, dispatch on method (``methods`` maps to handlers named by the view), turn errors into JSON."""

    def decorate(view: Callable[..., Any]) -> Callable[..., HttpResponse]:
        @csrf_exempt
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            try:
                if request.method not in methods:
                    raise ApiError(405, "method_not_allowed", _("Method not allowed."))
                request.user = authenticate(request)
                outcome = view(request, *args, **kwargs)
            except ApiError as error:
                return error_response(error)
            except Http404:
                return error_response(not_found())
            except PermissionDenied:
                return error_response(ApiError(403, "forbidden", _("Your role does not allow this.")))
            except TransitionError as error:
                message = _("Not allowed while the result is %(status)s.") % {"status": error.status}
                return error_response(ApiError(409, "conflict", message))
            except ValidationError as error:
                return error_response(ApiError(400, "invalid", _("Some fields are not valid."), field_errors(error)))
            body, status = outcome if isinstance(outcome, tuple) else (outcome, 200)
            return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})

        return wrapper

    return decorate


def paginate(request: HttpRequest, queryset: QuerySet[Any], serialize: Callable[[Any], dict[str, Any]]) -> dict:
    """``?page=`` (from 1) and ``?page_size=`` (at most 200): ``{count, page, pages, next, previous, results}``."""
    try:
        size = min(max(int(request.GET.get("page_size", DEFAULT_PAGE_SIZE)), 1), MAX_PAGE_SIZE)
        number = max(int(request.GET.get("page", 1)), 1)
    except ValueError as error:
        raise ApiError(400, "invalid", _("page and page_size must be whole numbers.")) from error
    paginator = Paginator(queryset, size)
    try:
        page = paginator.page(number)
    except EmptyPage:
        page = None
    items = list(page.object_list) if page is not None else []

    def link(n: int) -> str:
        query = request.GET.copy()
        query["page"] = str(n)
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    return {
        "count": paginator.count,
        "page": number,
        "pages": paginator.num_pages,
        "next": link(number + 1) if page is not None and page.has_next() else None,
        "previous": link(number - 1) if page is not None and page.has_previous() else None,
        "results": [serialize(item) for item in items],
    }
