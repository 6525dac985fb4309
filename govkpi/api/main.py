"""The API instance: `/api/v1/`, its OpenAPI description at `/api/v1/openapi.json`, the interactive reference at
`/api/v1/reference` and the guide at `/api/v1/docs`. Each resource module adds one router here."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI, Swagger

from .http import TOKEN, ErrorOut, TokenRateThrottle, install_error_handlers
from .resources import results

DESCRIPTION = """\
govkpi's JSON API: organisations, goals, indicators, criteria, results and their workflow, assessments, awards,
claims, events and scores.

* **Tokens**: send `Authorization: Bearer <token>`. A province administrator creates tokens on the *API tokens*
  page or with `govkpi token create`. Reads of what the public site shows need no token.
* **Errors**: `{"error": {"code", "message", "fields"}}` with 400, 401, 403, 404, 409 or 429.
* **Lists**: `?page=` and `?page_size=` (≤ 200), `?ordering=` (a field, `-` for descending) and filters.
* **Caching**: every read answers with an `ETag`; send it back in `If-None-Match` to get `304 Not Modified`.
* **Rate limits**: per token (and per address without one); over the limit: `429` with `Retry-After`.
"""

STANDARD_ERRORS = {
    400: "Not valid: see error.fields",
    401: "No token, or not a valid one",
    403: "Your role does not allow this",
    404: "Not found, or not visible to you",
    429: "Too many requests: see Retry-After",
}


class GovkpiApi(NinjaAPI):
    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        """One bearer scheme; operations open to the public say so with an empty requirement (token optional).
        Every operation documents the errors any request can meet, and reads their 304."""
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
                    operation["responses"].setdefault(str(status), {
                        "description": description,
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}},
                    })
                if method == "get":
                    operation["responses"].setdefault("304", {"description": "Not modified (If-None-Match)"})
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
)
install_error_handlers(api)

api.add_router("/results", results.router, tags=[str(_("Results"))])
