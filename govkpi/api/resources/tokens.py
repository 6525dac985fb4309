"""`/api/v1/tokens`: your API tokens, through the same actions as the tokens page and `govkpi token`.

* ``GET    /tokens?user=&status=&ordering=`` — your tokens; a province administrator sees everyone's (``?user=``)
* ``POST   /tokens`` ``{name, expires_at | expires_in_days, scopes}`` → 201 with ``token``, shown this once. Needs
  the ``tokens`` scope. The new token has ``scopes`` (default ``["read"]``), never one the creating token lacks;
  made with a token that expires, it expires no later (by default, at the same time)
* ``DELETE /tokens/{id}`` → 204: revoke one of yours (a province administrator: anyone's; others' → 404). Needs the
  ``tokens`` scope, except for a token revoking itself
"""

from datetime import datetime, timedelta
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from govkpi.accounts import actions
from govkpi.accounts.choices import Scope
from govkpi.accounts.models import ApiToken, hash_token
from govkpi.accounts.permissions import is_province_admin

from ..http import PageNumber, Rows, TokenAuth, lacks_scope, needs, not_found, ordered, ordering_type

router = Router()

MAX_DAYS = 3650
ScopeName = Literal["read", "write", "tokens"]


class TokenOut(Schema):
    id: int
    user: str
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    expires_at: datetime | None
    status: Literal["active", "expired", "revoked"]
    scopes: list[ScopeName] = Field(description="What the token may do: read; write (enter, submit, approve, change "
                                                "data); tokens (create and revoke tokens).")


class NewTokenOut(TokenOut):
    token: str = Field(description="The token itself. Shown this once; only its hash is kept.")


class TokenIn(Schema):
    name: str = Field("", max_length=actions.NAME_MAX, description="What the token is for.")
    expires_at: datetime | None = Field(None, description="When it stops working (ISO 8601); or use expires_in_days.")
    expires_in_days: int | None = Field(None, ge=1, le=MAX_DAYS, description="Days until it stops working.")
    scopes: list[ScopeName] = Field(["read"], max_length=3, description=(
        "What the new token may do (read is always included): write to enter, submit, approve and change data; "
        "tokens to create and revoke tokens. Only scopes the token that creates it has."))


class TokenFilters(Schema):
    user: str | None = Field(None, description="Username (province administrators only).")
    status: Literal["active", "expired", "revoked"] | None = None


ORDERING = {"created_at": "created_at", "last_used_at": "last_used_at", "expires_at": "expires_at",
            "name": "name", "user": "user__username"}


def serialize(token: ApiToken) -> dict[str, Any]:
    return {
        "id": token.pk,
        "user": token.user.get_username(),
        "name": token.name,
        "prefix": token.prefix,
        "created_at": token.created_at,
        "last_used_at": token.last_used_at,
        "expires_at": token.expires_at,
        "status": actions.token_status(token),
        "scopes": token.scope_list(),
    }


def _status(rows: Any, status: str) -> Any:
    now = timezone.now()
    if status == "revoked":
        return rows.filter(revoked=True)
    if status == "expired":
        return rows.filter(revoked=False, expires_at__lte=now)
    return rows.filter(revoked=False).exclude(expires_at__lte=now)


@router.get("", response=list[TokenOut], summary="List API tokens (yours; a province administrator: everyone's)")
@paginate(PageNumber)
def list_tokens(
    request: HttpRequest,
    filters: TokenFilters = Query(...),  # noqa: B008
    ordering: ordering_type(*ORDERING) | None = None,  # type: ignore[valid-type]
) -> Any:
    rows = actions.manageable_tokens(request.user)
    if filters.user:
        if not is_province_admin(request.user) and filters.user != request.user.get_username():
            rows = rows.none()
        rows = rows.filter(user__username=filters.user)
    if filters.status:
        rows = _status(rows, filters.status)
    return Rows(ordered(rows, ordering, ORDERING, ("-created_at", "-id")), serialize)


@router.post("", response={201: NewTokenOut}, summary="Create an API token for yourself (shown once)",
             **needs(Scope.TOKENS))
def create_token(request: HttpRequest, payload: TokenIn) -> Any:
    """Needs a token with the `tokens` scope; the new token gets no scope and no expiry beyond the creating one's."""
    if payload.expires_at is not None and payload.expires_in_days is not None:
        raise ValidationError({"expires_at": [_("Give expires_at or expires_in_days, not both.")]})
    expires_at = payload.expires_at
    if expires_at is not None and timezone.is_naive(expires_at):
        expires_at = timezone.make_aware(expires_at)
    if payload.expires_in_days is not None:
        expires_at = timezone.now() + timedelta(days=payload.expires_in_days)
    parent = request.auth.expires_at if isinstance(request.auth, ApiToken) else None
    if parent is not None:  # a token that will expire cannot make one that lives longer (a leak stays bounded)
        if expires_at is None:
            expires_at = parent
        elif expires_at > parent:
            raise ValidationError({"expires_at": [_("A token cannot outlive the token that creates it.")]})
    if isinstance(request.auth, ApiToken):  # a token gives a new one only what it has itself
        beyond = [scope for scope in actions.normalized_scopes(payload.scopes) if not request.auth.has_scope(scope)]
        if beyond:
            raise ValidationError({"scopes": [_("A token cannot give a new token a scope it does not have: "
                                                "%(scopes)s.") % {"scopes": ", ".join(beyond)}]})
    token = actions.create_token(request.user, acting_user=request.user, channel="api", name=payload.name,
                                 expires_at=expires_at, scopes=payload.scopes)
    row = ApiToken.objects.select_related("user").get(digest=hash_token(token))
    return Status(201, {**serialize(row), "token": token})


@router.delete("/{int:pk}", response={204: None}, summary="Revoke an API token", auth=TokenAuth(""),
               openapi_extra={"x-scopes": [Scope.TOKENS.value]})
def revoke_token(request: HttpRequest, pk: int) -> Any:
    """Needs the `tokens` scope, except for a token revoking itself (whatever its scopes)."""
    itself = isinstance(request.auth, ApiToken) and request.auth.pk == pk
    if not itself and not (isinstance(request.auth, ApiToken) and request.auth.has_scope(Scope.TOKENS)):
        raise lacks_scope(Scope.TOKENS)
    token = actions.manageable_tokens(request.user).filter(pk=pk).first()
    if token is None:
        raise not_found()
    actions.revoke_token(token, acting_user=request.user, channel="api")
    return Status(204, None)
