"""The API instance: `/api/v1/`, its OpenAPI description at `/api/v1/openapi.json`, the interactive reference at
`/api/v1/reference` and the guide at `/api/v1/docs`. Each resource module adds one router here."""

from __future__ import annotations

from typing import Any

from ninja import NinjaAPI, Swagger

from .http import TOKEN, ErrorOut, FiniteJSONRenderer, JsonObjectParser, TokenRateThrottle, install_error_handlers
from .resources import assessments, awards, claims, events, orgs, plans, results, scores, strategy, workbook
from .resources import tokens as token_resource

DESCRIPTION = """\
govkpi's JSON API: organisations, goals, indicators, criteria, results and their workflow, assessments, awards,
claims, events and scores.

* **Tokens**: send `Authorization: Bearer <token>`. Anyone signed in creates their own tokens on the *API tokens*
  page (`/accounts/tokens/`), an operator with `govkpi token create`. Reads of what the public site shows need no
  token. The guide, in Thai and English: `/api/v1/docs`.
* **Scopes**: a token acts with its user's roles, and only as far as its scopes allow: `read` (every token),
  `write` (every POST, PUT and DELETE) and `tokens` (creating and revoking tokens; a token may always revoke
  itself). New tokens have `read` only unless `write` or `tokens` is chosen; a token never gives a new token a
  scope it lacks. Each operation names its scope in `x-scopes`; without it: `403`.
* **Errors**: `{"error": {"code", "message", "fields"}}` with 400, 401, 403, 404, 409, 413 or 429.
* **Lists**: `?page=` and `?page_size=` (≤ 200), `?ordering=` (a field, `-` for descending) and filters.
* **Caching**: every read answers with an `ETag`; send it back in `If-None-Match` to get `304 Not Modified`.
* **Rate limits**: per token (and per address without one), every request counted, cached answers and `304`
  too; over the limit: `429` with `Retry-After`.
"""

STANDARD_ERRORS = {
    400: "Not valid: see error.fields",
    401: "No token, or not a valid one",
    403: "Your role, or your token's scope (x-scopes), does not allow this",
    404: "Not found, or not visible to you",
    429: "Too many requests: see Retry-After",
}


SCOPE_BY_METHOD = {"get": "read", "head": "read", "options": "read"}  # every other method: write (http.TokenAuth)


class GovkpiApi(NinjaAPI):
    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        """One bearer scheme; operations open to the public say so with an empty requirement (token optional).
        Every operation documents the errors any request can meet, and reads their 304; and the token scope it
        needs (``x-scopes``, and a line of its description)."""
        schema = super().get_openapi_schema(*args, **kwargs)
        components = schema.setdefault("components", {})
        schemes = components.get("securitySchemes", {})
        schemes.pop("OptionalTokenAuth", None)
        error = ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
        components.setdefault("schemas", {}).update(error.pop("$defs", {}))
        components["schemas"]["ErrorOut"] = error
        for operations in schema["paths"].values():
            for method, operation in operations.items():
                for status, description in STANDARD_ERRORS.items():
                    if status in operation["responses"]:  # Ninja keys the operation's own responses by int
                        continue
                    operation["responses"].setdefault(str(status), {
                        "description": description,
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}},
                    })
                if method == "get":
                    operation["responses"].setdefault("304", {"description": "Not modified (If-None-Match)"})
                elif "requestBody" in operation and 413 not in operation["responses"]:
                    operation["responses"].setdefault("413", {
                        "description": "The body is larger than the limit",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}},
                    })
                scopes = list(operation.get("x-scopes") or [SCOPE_BY_METHOD.get(method, "write")])
                operation["x-scopes"] = scopes
                said = "Token scope: " + ", ".join(f"`{scope}`" for scope in scopes) + "."
                operation["description"] = f"{operation['description']}\n\n{said}" if operation.get(
                    "description") else said
                names = {name for requirement in operation.get("security", []) for name in requirement}
                if "OptionalTokenAuth" in names:
                    operation["security"] = [{}, {"TokenAuth": []}]
        return schema


api = GovkpiApi(
    title="govkpi API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs=Swagger(settings={"persistAuthorization": True}),
    docs_url="/reference",
    auth=TOKEN,
    throttle=[TokenRateThrottle()],
    parser=JsonObjectParser(),
    renderer=FiniteJSONRenderer(),
)
install_error_handlers(api)

api.add_router("/results", results.router, tags=["Results"])
api.add_router("/tokens", token_resource.router, tags=["API tokens"])
api.add_router("/assessments", assessments.router, tags=["Assessments"])
api.add_router("/awards", awards.router, tags=["Awards"])
api.add_router("/claims", claims.router, tags=["Published claims"])
api.add_router("/events", events.router, tags=["Events"])
api.add_router("/scores", scores.router, tags=["Scores"])
api.add_router("/workbook", workbook.router, tags=["Workbook"])
api.add_router("/orgs", orgs.router, tags=["Organisation units"])
api.add_router("/groups", orgs.groups_router, tags=["Peer groups"])
api.add_router("/goals", plans.goals_router, tags=["Goals"])
api.add_router("/indicators", plans.indicators_router, tags=["Indicators"])
api.add_router("/criteria", plans.criteria_router, tags=["Criteria"])
api.add_router("/policies", plans.policies_router, tags=["Scoring policies"])
api.add_router("/plans", strategy.plans_router, tags=["Plans"])
api.add_router("/projects", strategy.projects_router, tags=["Projects"])
api.add_router("/budget", strategy.budget_router, tags=["Budget"])
