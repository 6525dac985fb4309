"""The shared layer of the API (Django Ninja): authentication, errors, pagination, ordering, rate limits.

Every resource module (`api/resources/<name>.py`) is a Ninja ``Router`` whose operations return plain data checked
against a response schema; :mod:`govkpi.api.main` mounts them. Error bodies are always
``{"error": {"code": …, "message": …, "fields": {…}}}``:

* 400 ``invalid`` (with ``fields``) or ``bad_json``; 401 ``unauthenticated`` (no, unknown, expired or revoked
  token); 403 ``forbidden`` (visible to you, but your role does not allow it); 404 ``not_found`` (does not exist or
  is not visible to you — the two are indistinguishable on purpose); 405 ``method_not_allowed``; 409 ``conflict``
  (the transition is not allowed from the current status); 429 ``rate_limited`` (with ``Retry-After``).

A token's scopes (``ApiToken.scopes``: read, write, tokens) limit it within its user's roles: reads need ``read``,
every other method ``write``, unless an operation says otherwise with :func:`needs` (the token operations); a token
without the scope gets 403 ``forbidden``. The OpenAPI description gives each operation's scope as ``x-scopes``.
"""

from __future__ import annotations

import json
import math
import threading
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any, Literal

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, RequestDataTooBig, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError
from ninja.pagination import PaginationBase
from ninja.parser import Parser
from ninja.renderers import JSONRenderer
from ninja.security import HttpBearer
from ninja.throttling import BaseThrottle

from govkpi.accounts.choices import Scope
from govkpi.accounts.models import ApiToken, hash_token
from govkpi.accounts.permissions import keep_roles, memberships_column
from govkpi.accounts.throttle import client_address
from govkpi.core.results import unstorable
from govkpi.results.actions import TransitionError

MAX_PAGE_SIZE = 200
DEFAULT_PAGE_SIZE = 50
LAST_USED_EVERY = timedelta(minutes=5)


# --- errors -------------------------------------------------------------------------------------------------------


class ErrorDetail(Schema):
    code: str
    message: str
    fields: dict[str, list[str]] | None = None


class ErrorOut(Schema):
    error: ErrorDetail


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, fields: dict[str, list[str]] | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.fields = status, code, message, fields or {}


def not_found() -> ApiError:
    return ApiError(404, "not_found", _("Not found."))


def invalid(fields: dict[str, list[str]]) -> ApiError:
    return ApiError(400, "invalid", _("Some fields are not valid."), fields)


def field_errors(error: ValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {name: [str(m) for m in ValidationError(items).messages] for name, items in error.error_dict.items()}
    return {"__all__": [str(m) for m in error.messages]}


def error_response(api: NinjaAPI, request: HttpRequest, error: ApiError) -> HttpResponse:
    body: dict[str, Any] = {"code": error.code, "message": error.message}
    if error.fields:
        body["fields"] = error.fields
    response = api.create_response(request, {"error": body}, status=error.status)
    if error.status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="govkpi"'
    return response


def _schema_fields(errors: list[dict[str, Any]]) -> dict[str, list[str]]:
    """Ninja's (pydantic's) errors by field name: ``("query", "page")`` → ``page``; the body's wrapper dropped."""
    fields: dict[str, list[str]] = {}
    for item in errors:
        location = [str(part) for part in item.get("loc", ()) if part not in ("query", "body", "path", "payload")]
        name = ".".join(location) or "__all__"
        if item.get("type") == "json_invalid":
            name = "__all__"
        fields.setdefault(name, []).append(str(item.get("msg", _("Not valid."))))
    return fields


HTTP_CODES = {400: "invalid", 401: "unauthenticated", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
              409: "conflict", 413: "too_large", 429: "rate_limited"}


def install_error_handlers(api: NinjaAPI) -> None:
    def handle(exception_class: type[Exception]) -> Any:
        def register(function: Any) -> Any:
            api.add_exception_handler(exception_class, lambda request, exc: error_response(api, request,
                                                                                          function(exc)))
            return function

        return register

    @handle(ApiError)
    def _api(error: ApiError) -> ApiError:
        return error

    @handle(Http404)
    def _missing(_error: Http404) -> ApiError:
        return not_found()

    @handle(PermissionDenied)
    def _denied(error: PermissionDenied) -> ApiError:
        said = str(error) if error.args else ""  # an action's own reason (four eyes), else the general one
        return ApiError(403, "forbidden", said or _("Your role does not allow this."))

    @handle(RequestDataTooBig)
    def _too_big(_error: RequestDataTooBig) -> ApiError:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0  # a body read whole (the workbook has its own)
        return ApiError(413, "too_large", _("The body is larger than %(mb)s MB.") % {"mb": f"{limit / 1048576:g}"})

    @handle(TransitionError)
    def _transition(error: TransitionError) -> ApiError:
        return ApiError(409, "conflict", _("Not allowed while the result is %(status)s.") % {"status": error.status})

    @handle(ValidationError)
    def _django_invalid(error: ValidationError) -> ApiError:
        return invalid(field_errors(error))

    @handle(NinjaValidationError)
    def _schema_invalid(error: NinjaValidationError) -> ApiError:
        if any(item.get("type") == "json_invalid" for item in error.errors):
            return ApiError(400, "bad_json", _("The body is not valid JSON."))
        return invalid(_schema_fields(error.errors))

    @handle(AuthenticationError)
    def _unauthenticated(_error: AuthenticationError) -> ApiError:
        return ApiError(401, "unauthenticated", _("Send an API token: Authorization: Bearer <token>."))

    @handle(Throttled)
    def _throttled(error: Throttled) -> ApiError:
        return rate_limited(error.wait)

    @handle(HttpError)
    def _http(error: HttpError) -> ApiError:
        if isinstance(error.__cause__, ApiError):  # raised while Ninja read the body (JsonObjectParser)
            return error.__cause__
        status = error.status_code
        if status == 400:
            return ApiError(400, "bad_json", _("The body is not valid JSON."))
        return ApiError(status, HTTP_CODES.get(status, "error"), str(error.message))


class JsonObjectParser(Parser):
    """Request bodies are JSON objects. Ninja's schemas read their fields from any value (as attributes), so
    without this ``[null, null]`` would pass as an object whose every field has its default."""

    def parse_body(self, request: HttpRequest) -> Any:
        data = super().parse_body(request)
        if not isinstance(data, dict):
            raise ApiError(400, "bad_json", _("The body must be a JSON object."))
        field = unstorable_field(data)
        if field is not None:
            raise unstorable_refused(field)
        return data


def finite(data: Any) -> Any:
    """``data`` with every infinity and NaN as None, inside lists and objects too. JSON has no such numbers (a
    browser's ``JSON.parse`` refuses ``Infinity``); only SQL or a restore can have stored one, and ``govkpi
    check-data`` lists the row. Anything else is returned as it is (the same object when nothing changes)."""
    if isinstance(data, float):
        return data if math.isfinite(data) else None
    if isinstance(data, dict):
        return {key: finite(value) for key, value in data.items()}
    if isinstance(data, list | tuple):
        return [finite(value) for value in data]
    return data


class FiniteJSONRenderer(JSONRenderer):
    """Ninja's JSON with :func:`finite` numbers: every answer is JSON that any parser reads."""

    def render(self, request: HttpRequest, data: Any, *, response_status: int) -> Any:
        try:  # the usual answer holds no such number: encoded once, without walking it first
            return json.dumps(data, cls=self.encoder_class, allow_nan=False, **self.json_dumps_params)
        except ValueError:
            return super().render(request, finite(data), response_status=response_status)


def unstorable_field(body: dict[str, Any]) -> str | None:
    """The first field of a JSON object whose text (anywhere inside it) cannot be stored; ``__all__`` for a key."""
    for key, item in body.items():
        if unstorable(key):
            return "__all__"
        if unstorable(item):
            return key
    return None


def unstorable_refused(field: str = "__all__") -> ApiError:
    """The error of text that cannot be stored, in the words of the result rules (govkpi.core.results)."""
    from govkpi.core.results import Problem
    from govkpi.results.rules import message

    return invalid({field: [message(Problem("unstorable_text", field))]})


def responses(ok: Any, *, status: int = 200, extra: tuple[int, ...] = ()) -> dict[int, Any]:
    """``{status: ok}`` plus ``extra`` error statuses (409 where a transition can conflict). The errors every request
    can meet (400, 401, 403, 404, 429) are added to every operation by :class:`govkpi.api.main.GovkpiApi`."""
    return {status: ok, **{code: ErrorOut for code in extra}}


# --- authentication -----------------------------------------------------------------------------------------------


class Anonymous:
    """What ``request.auth`` holds for a public read without a token (truthy, so Ninja lets it through)."""

    pk = None

    def __bool__(self) -> bool:
        return True


ANONYMOUS = Anonymous()


READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <token>``: a token that exists, is not revoked or expired, of an active user, and
    holds the operation's scope: ``scope`` if given, else ``read`` for GET and HEAD and ``write`` for the rest;
    ``scope=""`` leaves the check to the view (revoking a token: a token may always revoke itself)."""

    def __init__(self, scope: str | None = None) -> None:
        super().__init__()
        self.scope = scope

    def needed_scope(self, request: HttpRequest) -> str:
        if self.scope is not None:
            return self.scope
        return Scope.READ if request.method in READ_METHODS else Scope.WRITE

    def __call__(self, request: HttpRequest) -> Any:
        header = request.headers.get("Authorization", "")
        scheme, _sep, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise ApiError(401, "unauthenticated", _("Send an API token: Authorization: Bearer <token>."))
        return self.authenticate(request, token.strip())

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken:
        now = timezone.now()
        row = (
            ApiToken.objects.select_related("user")
            .annotate(memberships=memberships_column(ApiToken))  # the roles in the same row
            .filter(digest=hash_token(token), revoked=False, user__is_active=True)
            .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
            .first()
        )
        if row is None:
            raise ApiError(401, "unauthenticated", _("The API token is not valid."))
        if row.last_used_at is None or now - row.last_used_at > LAST_USED_EVERY:
            ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
        request.user = row.user
        keep_roles(row.user, row.memberships)
        scope = self.needed_scope(request)
        if scope and not row.has_scope(scope):
            raise lacks_scope(scope)
        return row


def lacks_scope(scope: str) -> ApiError:
    return ApiError(403, "forbidden", _("This token does not have the %(scope)s scope; create one with it.")
                    % {"scope": scope})


def needs(scope: str) -> dict[str, Any]:
    """The keyword arguments of an operation that needs ``scope`` (not the default by method): its authentication
    and its ``x-scopes`` in the OpenAPI description."""
    return {"auth": TokenAuth(str(scope)), "openapi_extra": {"x-scopes": [str(scope)]}}


class OptionalTokenAuth(TokenAuth):
    """Public reads: without an Authorization header the caller is anonymous and sees what the public site shows;
    with one, the token must be valid and the caller sees what their roles allow."""

    def __call__(self, request: HttpRequest) -> Any:
        if "Authorization" not in request.headers:
            request.user = AnonymousUser()
            return ANONYMOUS
        return super().__call__(request)


TOKEN = TokenAuth()
PUBLIC = OptionalTokenAuth()


def is_anonymous(request: HttpRequest) -> bool:
    return not request.user.is_authenticated


# --- rate limits --------------------------------------------------------------------------------------------------

PERIODS = {"s": 1, "sec": 1, "min": 60, "m": 60, "h": 3600, "hour": 3600, "d": 86400, "day": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    count, _sep, period = rate.partition("/")
    return int(count), PERIODS[period.strip()]


COUNTED = "_govkpi_api_rate_counted"  # set on a request whose call the middleware has counted already


def spend(ident: str, rate: str) -> float | None:
    """Count one call of ``ident`` (``t<token id>`` or ``a<address>``) in its fixed window of ``rate``: one
    ``add`` and one ``incr`` in the shared cache. None while within the limit, else the seconds to wait."""
    limit, seconds = parse_rate(rate)
    now = time.time()
    window = int(now // seconds)
    key = f"api-rate:{ident}:{seconds}:{window}"
    cache.add(key, 0, timeout=seconds + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=seconds + 1)
        count = 1
    return None if count <= limit else max((window + 1) * seconds - now, 1.0)


def spend_anonymous(request: HttpRequest) -> float | None:
    """Count a call without a token against its address's budget (``GOVKPI_API_ANON_RATE``), before anything
    else answers it: the anonymous-read cache and the 304 path (govkpi.api.etag) answer without reaching the
    view, and so without Ninja's throttle. Marks the request so that the throttle does not count it twice."""
    setattr(request, COUNTED, True)
    return spend(f"a{client_address(request)}", settings.GOVKPI_API_ANON_RATE)


def rate_limited(wait: float | None) -> ApiError:
    seconds = math.ceil(wait or 1)
    return ApiError(429, "rate_limited", _("Too many requests; try again in %(seconds)s s.") % {"seconds": seconds})


class TokenRateThrottle(BaseThrottle):
    """A fixed window per token (``GOVKPI_API_RATE``), or per address without one (``GOVKPI_API_ANON_RATE``),
    counted in the shared cache (Redis in production), so every worker process counts together. A call without a
    token is counted once, by the middleware (:func:`spend_anonymous`), which has already refused it if over."""

    def __init__(self) -> None:
        self._local = threading.local()

    def allow_request(self, request: HttpRequest) -> bool:
        auth = getattr(request, "auth", None)
        if isinstance(auth, ApiToken):
            wait = spend(f"t{auth.pk}", settings.GOVKPI_API_RATE)
        elif getattr(request, COUNTED, False):
            wait = None
        else:
            wait = spend(f"a{client_address(request)}", settings.GOVKPI_API_ANON_RATE)
        self._local.wait = wait
        return wait is None

    def wait(self) -> float | None:
        return max(getattr(self._local, "wait", None) or 1.0, 1.0)


# --- lists --------------------------------------------------------------------------------------------------------


class PageNumber(PaginationBase):
    """``?page=`` (from 1) and ``?page_size=`` (1 to 200, default 50) → ``{count, page, pages, next, previous,
    results}``. Two queries: the count and the page."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=10**9, description="Page number, from 1.")
        page_size: int = Field(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Rows per page (at most 200).")

    class Output(Schema):
        count: int
        page: int
        pages: int
        next: str | None
        previous: str | None
        results: list[Any]

    items_attribute = "results"

    def paginate_queryset(self, queryset: Any, pagination: Input, request: HttpRequest, **params: Any) -> Any:
        paginator = Paginator(queryset, pagination.page_size)
        number = pagination.page
        pages = paginator.num_pages
        if number <= pages:
            page = paginator.page(number)
            items, has_next, has_previous = list(page.object_list), page.has_next(), page.has_previous()
        else:
            items, has_next, has_previous = [], False, pages > 0

        def link(n: int) -> str:
            query = request.GET.copy()
            query["page"] = str(n)
            return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

        return {
            "count": paginator.count,
            "page": number,
            "pages": pages,
            "next": link(number + 1) if has_next else None,
            "previous": link(min(number - 1, pages)) if has_previous else None,
            "results": items,
        }


def ordering_type(*names: str) -> Any:
    """The ``?ordering=`` values a list accepts: each name, ascending or with ``-`` descending."""
    values = tuple(value for name in names for value in (name, f"-{name}"))
    return Literal[values]  # type: ignore[valid-type]


def ordered(queryset: QuerySet[Any], ordering: str | None, lookups: dict[str, str], default: tuple[str, ...]) -> Any:
    """Order by the chosen field (its database lookup in ``lookups``), then by ``default`` so pages are stable."""
    if not ordering:
        return queryset.order_by(*default)
    descending = ordering.startswith("-")
    lookup = lookups[ordering.lstrip("-")]
    return queryset.order_by(f"-{lookup}" if descending else lookup, *default)


class Rows:
    """A queryset seen through a serializer page by page: the paginator counts and slices in SQL, and only the
    rows of the page are turned into dicts."""

    def __init__(self, queryset: QuerySet[Any], serialize: Callable[[Any], dict[str, Any]]) -> None:
        self.queryset, self.serialize = queryset, serialize

    def count(self) -> int:
        return int(self.queryset.count())

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, item: slice) -> list[dict[str, Any]]:
        return [self.serialize(row) for row in self.queryset[item]]
