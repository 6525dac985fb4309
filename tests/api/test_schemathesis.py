"""Schemathesis against the API's own OpenAPI description: every operation, fed generated valid and invalid
requests as the province admin, as a reporter of 5401 and anonymously, over the seeded Phrae demo (rows in every
table, so reads return data). Each answer must conform to the description: no 5xx, a documented status, content
type, headers and body schema; invalid input refused with 4xx; no operation that needs a token answering without one.

Not checked: ``positive_data_acceptance`` — it expects every schema-valid request to succeed, but business rules
legitimately refuse schema-valid input (an indicator code that does not exist, a period outside the fiscal year, a
transition not allowed from the current status: 400, 404, 409).

Budget: ``GOVKPI_FUZZ_EXAMPLES`` examples per operation and caller (default 20). The examples are the same on
every run (derandomized: a failure is reproducible and CI is steady); set ``GOVKPI_FUZZ_RANDOM=1`` to explore new
ones. Writes are rolled back with each test; the examples of one test see one another's writes (as a client would).
"""

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    ignored_auth,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from govkpi.api.main import api
from govkpi.wsgi import application

EXAMPLES = int(os.environ.get("GOVKPI_FUZZ_EXAMPLES", "20"))
RANDOM = bool(os.environ.get("GOVKPI_FUZZ_RANDOM"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
    negative_data_rejection,
    ignored_auth,
]

schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/v1"))
schema.app = application


@pytest.fixture
def fuzzing(seeded_api):
    """The seeded world, with rate limits out of the way. The requests go straight to the WSGI application, which
    would close the database connection at the end of each request (the test's transaction with it, on
    PostgreSQL): Django's test client avoids that the same way."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield seeded_api
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.mark.parametrize("who", ["admin", "rep5401", None])
@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck),
          phases=[Phase.explicit, Phase.generate], derandomize=not RANDOM, database=None)
def test_every_operation_conforms(fuzzing, who, case):
    authenticate(case, fuzzing.tokens[who] if who else None)
    case.call_and_validate(checks=CHECKS)


def authenticate(case, token):
    """The caller's real token in place of the generated one. A negative case that drops the header an operation
    requires, or sends one that is not a bearer token, keeps it so (it must be refused); anonymous callers send none."""
    headers = case.headers if case.headers is not None else {}
    sent = headers.get("Authorization")
    public = {} in case.operation.definition.raw.get("security", [])
    if token is None:
        headers.pop("Authorization", None)
    elif sent is None and public or sent is not None and sent.startswith("Bearer "):
        headers["Authorization"] = f"Bearer {token}"
    case.headers = headers
