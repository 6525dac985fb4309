"""Every operation of the OpenAPI description × every kind of caller: anonymous; the viewer, reporter and approver of
district 5401; the province admin. Operations about one organisation are also called for its own organisation
(5401), a child (subdistrict 540101) and an unrelated one (district 5402).

The rules: public reads (what the public site shows) → 200 for anyone; reads that need a token → 401 without one;
writes → 401 anonymous, 403 for a role that does not allow it, 404 for an organisation (or row) you cannot see.

``test_every_operation_has_an_entry`` fails when an operation of the schema has no entry in ``MATRIX``: a new
endpoint cannot escape the matrix. Four eyes: a person who is both reporter and approver of 5401 may approve a result
someone else submitted, never one they submitted themselves (``test_the_reporter_and_approver_…``).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from govkpi.api.main import api
from govkpi.assessments.models import Assessment
from govkpi.awards.models import Award
from govkpi.events.models import Event
from govkpi.plans.models import Criterion, Indicator
from govkpi.results import actions
from govkpi.results.validation import Entry
from tests.api.project_progress_calls import progress_call

PREFIX = "/api/v1"
CALLERS = ("anon", "viewer5401", "rep5401", "app5401", "admin")
ORGS = {"own": "5401", "child": "540101", "unrelated": "5402"}
OTHER_TOKEN_OWNER = "rep5402"

Expect = dict[str, int]


def everyone(status: int) -> Expect:
    return dict.fromkeys(CALLERS, status)


PUBLIC_READ = everyone(200)
TOKEN_READ = everyone(200) | {"anon": 401}


def admin_only(ok: int) -> Expect:
    return everyone(403) | {"anon": 401, "admin": ok}


def by_org(**per_caller: tuple[int, int, int]) -> dict[str, Expect]:
    """``caller=(own, child, unrelated)`` → ``{target: {caller: status}}``."""
    return {target: {who: statuses[i] for who, statuses in per_caller.items()} for i, target in enumerate(ORGS)}


@dataclass
class Op:
    """How to call one operation (``request(ctx, target)`` → path below /api/v1 and a JSON body or None) and what
    each caller gets: ``{caller: status}``, or ``{target: {caller: status}}`` for an operation about an
    organisation (or a token: own / someone else's)."""

    request: Callable[["Ctx", str | None], tuple[str, Any]]
    expect: dict[str, Any]
    targets: tuple[str, ...] = field(default=())


class Ctx:
    def __init__(self, seeded: Any) -> None:
        self.seeded = seeded

    def result(self, org: str, state: str) -> int:
        """A result of G01-1 (a fiscal year the demo has not reported) in the given state, made by the system."""
        result = actions.save_draft(indicator=Indicator.objects.get(code="G01-1"), org=self.seeded.orgs[org],
                                    period="2566-Q1", entry=Entry(value=7.0, confirm_jump=True, note="ตรวจแล้ว"),
                                    acting_user=None, channel="cli").result
        if state in ("submitted", "approved"):
            actions.submit_result(result, acting_user=None, channel="cli")
        if state == "approved":
            actions.approve_result(result, acting_user=None, channel="cli")
        return result.pk


def get(path: str) -> Callable[[Ctx, str | None], tuple[str, Any]]:
    return lambda ctx, target: (path, None)


def send(path: str, body: Any) -> Callable[[Ctx, str | None], tuple[str, Any]]:
    return lambda ctx, target: (path, body)


def first(model: Any, path: str, body: Any = None, **filters: Any) -> Callable[[Ctx, str | None], tuple[str, Any]]:
    def request(ctx: Ctx, target: str | None) -> tuple[str, Any]:
        return path.format(pk=model.objects.filter(**filters).order_by("pk").first().pk), body

    return request


def transition(name: str, state: str) -> Callable[[Ctx, str | None], tuple[str, Any]]:
    def request(ctx: Ctx, target: str | None) -> tuple[str, Any]:
        pk = ctx.result(ORGS[target], state)
        return (f"/results/{pk}" if name == "detail" else f"/results/{pk}/{name}"), (
            None if name == "detail" else {"comment": "ตรวจแล้ว", "reason": "ทบทวน"})

    return request


def own_token(ctx: Ctx, target: str | None) -> tuple[str, Any]:
    from govkpi.accounts.models import ApiToken

    return f"/tokens/{ApiToken.objects.filter(user__username=target).get().pk}", None


def checklist(path: str, body: dict[str, Any] | None = None) -> Callable[[Ctx, str | None], tuple[str, Any]]:
    def request(ctx: Ctx, target: str | None) -> tuple[str, Any]:
        org = ORGS[target]
        if body is None:
            return f"{path}?framework=ita&fiscal_year=2565&org={org}", None
        return path, {"framework": "ita", "fiscal_year": 2565, "org": org, "item": "O1", **body}

    return request


SCHEMA = api.get_openapi_schema(path_prefix=PREFIX)


def example(method: str, path: str) -> dict[str, Any]:
    """The example body the OpenAPI description gives a newcomer."""
    content = SCHEMA["paths"][PREFIX + path][method]["requestBody"]["content"]["application/json"]
    return dict(content.get("example") or content["schema"]["example"])


# a viewer or approver sees 5401 and below; a reporter exactly 5401; the admin everything
SEES = by_org(anon=(404, 404, 404), viewer5401=(200, 200, 404), rep5401=(200, 404, 404), app5401=(200, 200, 404),
              admin=(200, 200, 200))


def token_needed(expect: dict[str, Expect]) -> dict[str, Expect]:
    return {target: statuses | {"anon": 401} for target, statuses in expect.items()}


RESULT_OK = {"create": 201, "submit": 200, "approve": 200, "return": 200, "reopen": 200}


def result_rule(name: str) -> dict[str, Expect]:
    """As tests/api/test_permission_matrix.py: a reporter enters and submits its own; an approver approves, returns
    (5401 and below); the admin reopens; a viewer only reads."""
    ok = RESULT_OK[name]
    rep = (ok, 404, 404) if name in ("create", "submit") else (403, 404, 404)
    app = (ok, ok, 404) if name in ("approve", "return") else (403, 403, 404)
    return token_needed(by_org(anon=(0, 0, 0), viewer5401=(403, 403, 404), rep5401=rep, app5401=app,
                               admin=(ok, ok, ok)))


ORG_SCOPED = tuple(ORGS)
TOKEN_TARGETS = ("own", "other")

MATRIX: dict[tuple[str, str], Op] = {
    # results (their workflow; see test_permission_matrix.py for the states)
    ("GET", "/results"): Op(get("/results"), PUBLIC_READ),
    ("POST", "/results"): Op(
        lambda ctx, target: ("/results", {"indicator": "G01-1", "org": ORGS[target], "period": "2566-Q2",
                                          "value": 5}), result_rule("create"), ORG_SCOPED),
    ("GET", "/results/{pk}"): Op(transition("detail", "draft"), SEES, ORG_SCOPED),  # a draft is not public
    ("POST", "/results/{pk}/submit"): Op(transition("submit", "draft"), result_rule("submit"), ORG_SCOPED),
    ("POST", "/results/{pk}/approve"): Op(transition("approve", "submitted"), result_rule("approve"), ORG_SCOPED),
    ("POST", "/results/{pk}/return"): Op(transition("return", "submitted"), result_rule("return"), ORG_SCOPED),
    ("POST", "/results/{pk}/reopen"): Op(transition("reopen", "approved"), result_rule("reopen"), ORG_SCOPED),
    # tokens: your own; a province admin anyone's
    ("GET", "/tokens"): Op(get("/tokens"), TOKEN_READ),
    ("POST", "/tokens"): Op(send("/tokens", {"name": "ci", "expires_in_days": 30}), everyone(201) | {"anon": 401}),
    ("DELETE", "/tokens/{pk}"): Op(
        lambda ctx, target: own_token(ctx, target), {}, TOKEN_TARGETS),  # expectations and targets: see call()
    # assessments: public results; admins record; checklists by role
    ("GET", "/assessments"): Op(get("/assessments"), PUBLIC_READ),
    ("POST", "/assessments"): Op(send("/assessments", {"framework": "gecc", "fiscal_year": 2565, "org": "5401",
                                                       "level": "ระดับก้าวหน้า"}), admin_only(200)),
    ("GET", "/assessments/summary"): Op(get("/assessments/summary?framework=ita&fiscal_year=2565"), PUBLIC_READ),
    ("GET", "/assessments/{pk}"): Op(first(Assessment, "/assessments/{pk}"), PUBLIC_READ),
    ("PUT", "/assessments/{pk}"): Op(first(Assessment, "/assessments/{pk}", {"score": 99.15, "level": "AA"},
                                           framework="ita", org__code="54"), admin_only(200)),
    ("GET", "/assessments/readiness"): Op(get("/assessments/readiness?framework=ita&fiscal_year=2565"), TOKEN_READ),
    ("GET", "/assessments/checklist"): Op(checklist("/assessments/checklist"), token_needed(SEES), ORG_SCOPED),
    ("POST", "/assessments/checklist"): Op(
        checklist("/assessments/checklist", {"evidence_url": "https://www.phrae.go.th/o1.pdf", "self_checked": True}),
        token_needed(by_org(anon=(0, 0, 0), viewer5401=(403, 403, 404), rep5401=(200, 404, 404),
                            app5401=(403, 403, 404), admin=(200, 200, 200))), ORG_SCOPED),
    ("POST", "/assessments/checklist/confirm"): Op(
        checklist("/assessments/checklist/confirm", {"confirmed": True}),
        token_needed(by_org(anon=(0, 0, 0), viewer5401=(403, 403, 404), rep5401=(403, 404, 404),
                            app5401=(200, 200, 404), admin=(200, 200, 200))), ORG_SCOPED),
    # awards: public; the province admin records them (the registry pages)
    ("GET", "/awards"): Op(get("/awards"), PUBLIC_READ),
    ("POST", "/awards"): Op(send("/awards", {"fiscal_year": 2565, "category": "other", "title_th": "รางวัลทดสอบ",
                                             "issuer": "จังหวัดแพร่", "recipient": "5401", "date": "2022-09-20"}),
                            admin_only(201)),
    ("GET", "/awards/{pk}"): Op(first(Award, "/awards/{pk}"), PUBLIC_READ),
    ("PUT", "/awards/{pk}"): Op(first(Award, "/awards/{pk}", {"fiscal_year": 2565, "category": "ita",
                                                             "title_th": "ITA", "issuer": "สำนักงาน ป.ป.ช.",
                                                             "recipient": "54", "date": "2022-09-20"},
                                      category="ita", recipient__code="54"), admin_only(200)),
    # claims, events, scores: public
    ("GET", "/claims"): Op(get("/claims"), PUBLIC_READ),
    ("GET", "/claims/check"): Op(get("/claims/check?fiscal_year=2565"), PUBLIC_READ),
    ("GET", "/events"): Op(get("/events"), PUBLIC_READ),
    ("GET", "/events/{pk}"): Op(first(Event, "/events/{pk}"), PUBLIC_READ),
    ("GET", "/scores"): Op(get("/scores?fiscal_year=2565&org=5401"), PUBLIC_READ),
    # the workbook and the catalogue: public reads; the province admin writes (through the workbook loader)
    ("POST", "/workbook"): Op(lambda ctx, target: ("/workbook?dry_run=true", example("post", "/workbook")),
                              admin_only(200)),
    ("GET", "/orgs"): Op(get("/orgs"), PUBLIC_READ),
    ("GET", "/orgs/{code}"): Op(get("/orgs/5401"), PUBLIC_READ),
    ("PUT", "/orgs/{code}"): Op(lambda ctx, target: ("/orgs/5401", example("put", "/orgs/{code}")), admin_only(200)),
    ("GET", "/groups"): Op(get("/groups"), PUBLIC_READ),
    ("GET", "/groups/{code}"): Op(get("/groups/district"), PUBLIC_READ),
    ("GET", "/goals"): Op(get("/goals"), PUBLIC_READ),
    ("GET", "/goals/{code}"): Op(get("/goals/G01"), PUBLIC_READ),
    ("PUT", "/goals/{code}"): Op(lambda ctx, target: ("/goals/G01", example("put", "/goals/{code}")),
                                 admin_only(200)),
    ("GET", "/indicators"): Op(get("/indicators"), PUBLIC_READ),
    ("GET", "/indicators/{code}"): Op(get("/indicators/G01-1"), PUBLIC_READ),
    ("PUT", "/indicators/{code}"): Op(
        lambda ctx, target: ("/indicators/G01-1", example("put", "/indicators/{code}") | {"goal": "G01"}),
        admin_only(200)),
    ("GET", "/criteria"): Op(get("/criteria"), PUBLIC_READ),
    ("PUT", "/criteria"): Op(lambda ctx, target: ("/criteria", example("put", "/criteria") | {"indicator": "G01-4"}),
                             admin_only(200)),
    ("GET", "/criteria/{pk}"): Op(first(Criterion, "/criteria/{pk}"), PUBLIC_READ),
    ("GET", "/policies"): Op(get("/policies"), PUBLIC_READ),
    ("GET", "/policies/{fiscal_year}"): Op(get("/policies/2565"), PUBLIC_READ),
    ("PUT", "/policies/{fiscal_year}"): Op(
        lambda ctx, target: ("/policies/2565", example("put", "/policies/{fiscal_year}")), admin_only(200)),
    # the strategy cycle: public reads (loaded through the workbook)
    ("GET", "/plans"): Op(get("/plans"), PUBLIC_READ),
    ("GET", "/plans/{code}"): Op(get("/plans/PHRAE-2566-2570"), PUBLIC_READ),
    ("GET", "/plans/{code}/progress"): Op(get("/plans/PHRAE-2566-2570/progress?org=5401"), PUBLIC_READ),
    ("GET", "/projects"): Op(get("/projects?fiscal_year=2565"), PUBLIC_READ),
    ("GET", "/projects/{code}"): Op(get("/projects/P2565-001"), PUBLIC_READ),
    # project progress: as results (the reporter of the project's organisation enters and submits; its approvers
    # and those above decide)
    ("POST", "/projects/{code}/progress"): Op(progress_call("save", None, ORGS), result_rule("create"), ORG_SCOPED),
    ("POST", "/projects/{code}/progress/{period}/submit"): Op(progress_call("submit", "draft", ORGS),
                                                              result_rule("submit"), ORG_SCOPED),
    ("POST", "/projects/{code}/progress/{period}/approve"): Op(progress_call("approve", "submitted", ORGS),
                                                               result_rule("approve"), ORG_SCOPED),
    ("POST", "/projects/{code}/progress/{period}/return"): Op(progress_call("return", "submitted", ORGS),
                                                              result_rule("return"), ORG_SCOPED),
    ("GET", "/budget/{fiscal_year}"): Op(get("/budget/2565?as_of=2565-Q2"), PUBLIC_READ),
}

# DELETE /tokens/{pk}: your own token (own) → 204 for anyone with a token; someone else's (other) → 404, but the
# province admin may revoke anyone's
MATRIX[("DELETE", "/tokens/{pk}")].expect = {
    "own": everyone(204) | {"anon": 401},
    "other": everyone(404) | {"anon": 401, "admin": 204},
}


def schema_operations() -> set[tuple[str, str]]:
    return {(method.upper(), path.removeprefix(PREFIX)) for path, operations in SCHEMA["paths"].items()
            for method in operations}


def cases() -> list[tuple[str, str, str, str | None]]:
    found = []
    for (method, path), op in MATRIX.items():
        for target in op.targets or (None,):
            found.extend((method, path, who, target) for who in CALLERS)
    return found


CASES = cases()


def test_every_operation_has_an_entry():
    missing = sorted(schema_operations() - set(MATRIX))
    assert not missing, f"operations with no entry in MATRIX: {missing}"


def test_every_entry_is_an_operation():
    assert not sorted(set(MATRIX) - schema_operations()), "MATRIX names operations the schema does not have"


def call(seeded_api: Any, seeded: Any, method: str, path: str, who: str, target: str | None) -> Any:
    op = MATRIX[(method, path)]
    ctx = Ctx(seeded)
    if (method, path) == ("DELETE", "/tokens/{pk}"):
        owner = OTHER_TOKEN_OWNER if target == "other" or who == "anon" else who
        url, body = own_token(ctx, owner)
    else:
        url, body = op.request(ctx, target)
    return seeded_api.call(method, url.lstrip("/"), None if who == "anon" else who, body)


@pytest.mark.parametrize(("method", "path", "who", "target"), CASES,
                         ids=[f"{m} {p} {w}" + (f" {t}" if t else "") for m, p, w, t in CASES])
def test_the_caller_decides(seeded_api, seeded, method, path, who, target):
    op = MATRIX[(method, path)]
    expected = op.expect[target][who] if target else op.expect[who]
    response = call(seeded_api, seeded, method, path, who, target)
    assert response.status_code == expected, response.content[:600]
    if response.status_code >= 400:
        assert response.json()["error"]["code"], "every refusal is the API's JSON error body"


# --- scopes: every operation again, as the province admin (whose roles allow everything) with a limited token -------

SCOPED_TOKENS = {"read": (), "write": ("write",), "tokens": ("tokens",)}  # besides read, which every token has
SCOPE_CASES = [(method, path, held) for method, path in MATRIX for held in SCOPED_TOKENS]


@pytest.mark.parametrize(("method", "path", "held"), SCOPE_CASES,
                         ids=[f"{m} {p} {h}-token" for m, p, h in SCOPE_CASES])
def test_a_token_without_the_operations_scope_gets_403(seeded_api, seeded, method, path, held):
    """A read-only token gets 403 on every write; a write token on creating tokens and revoking another's; a token
    holding the operation's scope (its ``x-scopes``) gets what the admin's full token gets."""
    from govkpi.accounts.actions import create_token

    op = MATRIX[(method, path)]
    ctx = Ctx(seeded)
    if (method, path) == ("DELETE", "/tokens/{pk}"):
        target = "other"
        url, body = own_token(ctx, OTHER_TOKEN_OWNER)
    else:
        target = op.targets[0] if op.targets else None
        url, body = op.request(ctx, target)
    token = create_token(seeded.people["admin"], acting_user=None, channel="cli", scopes=SCOPED_TOKENS[held])
    response = seeded_api.call(method, url.lstrip("/"), None, body, token=token)
    needed = SCHEMA["paths"][PREFIX + path][method.lower()]["x-scopes"][0]
    expected = (op.expect[target] if target else op.expect)["admin"] if needed in ("read", *SCOPED_TOKENS[held]) \
        else 403
    assert response.status_code == expected, response.content[:600]
    if expected == 403:
        assert response.json()["error"]["code"] == "forbidden" and needed in response.json()["error"]["message"]


@pytest.fixture
def both5401(seeded, seeded_api):
    """Reporter and approver of 5401 (made inside the test's savepoint, gone for the next test)."""
    from django.contrib.auth import get_user_model

    from govkpi.accounts.actions import create_token
    from govkpi.accounts.models import Membership

    user = get_user_model().objects.create_user("both5401", "both5401@example.org", "a-long-test-passphrase")
    for role in ("reporter", "approver"):
        Membership.objects.create(user=user, org=seeded.orgs["5401"], role=role)
    seeded_api.tokens = {**seeded_api.tokens, "both5401": create_token(user, acting_user=None, channel="cli",
                                                                             scopes=["write"])}
    return user


@pytest.mark.parametrize(("submitter", "expected"), [("both5401", 403), ("rep5401", 200)],
                         ids=["submitted-by-themselves", "submitted-by-someone-else"])
def test_the_reporter_and_approver_of_one_organisation_approves_only_what_others_submitted(
        seeded_api, seeded, both5401, submitter, expected):
    draft = seeded_api.post("results", "both5401", {"indicator": "G01-1", "org": "5401", "period": "2566-Q1",
                                                    "value": 7, "confirm_jump": True, "note": "ตรวจแล้ว"})
    assert draft.status_code == 201, draft.content[:600]
    rid = draft.json()["id"]
    assert seeded_api.post(f"results/{rid}/submit", submitter).status_code == 200
    response = seeded_api.post(f"results/{rid}/approve", "both5401", {"comment": "ตรวจแล้ว"})
    assert response.status_code == expected, response.content[:600]
    if expected == 403:
        assert response.json()["error"]["code"] == "forbidden"
        assert seeded_api.get(f"results/{rid}", "both5401").json()["status"] == "submitted"
    else:
        assert response.json()["status"] == "approved"


@pytest.mark.parametrize(("method", "path"), [("GET", "nothing/here"), ("GET", "results/not-a-number"),
                                              ("POST", "orgs"), ("DELETE", "results/1"), ("PUT", "results")])
def test_a_path_or_method_the_api_does_not_have_is_a_json_error(seeded_api, method, path):
    response = seeded_api.call(method, path, "admin", {} if method != "GET" else None)
    assert response.status_code in (404, 405)
    assert response["Content-Type"].startswith("application/json")
    expected = "not_found" if response.status_code == 404 else "method_not_allowed"
    assert response.json()["error"]["code"] == expected
    if response.status_code == 405:
        assert response["Allow"]


@pytest.mark.parametrize("body", ["[null, null]", "[]", '"text"', "3", "null"])
def test_a_body_that_is_not_a_json_object_is_refused(seeded_api, body):
    for path in ("tokens", "results"):
        response = seeded_api.client.post(f"{PREFIX}/{path}", data=body, content_type="application/json",
                                          headers={"Authorization": f"Bearer {seeded_api.tokens['admin']}"})
        assert response.status_code == 400, (path, response.content)
        assert response.json()["error"]["code"] == "bad_json"


def test_no_two_schemas_share_a_name():
    """Ninja names an OpenAPI component after its class: two classes called ``EventOut`` in two modules become one
    component, and one operation is described with the other's schema."""
    from pydantic import BaseModel

    seen: dict[str, set[str]] = {}
    visited: set[type] = set()

    def visit(annotation: Any) -> None:
        for arg in getattr(annotation, "__args__", ()) or ():
            visit(arg)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel) and annotation not in visited:
            visited.add(annotation)
            if annotation.__module__ != "abc":  # Ninja's own wrappers (params, responses) are not components
                seen.setdefault(annotation.__name__, set()).add(f"{annotation.__module__}.{annotation.__qualname__}")
            for info in annotation.model_fields.values():
                visit(info.annotation)

    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                for model in operation.models:
                    visit(model)
                for model in getattr(operation, "response_models", {}).values():
                    visit(model)
    assert {"ResultDetail", "EventOut", "ErrorOut", "TokenOut"} <= set(seen), "the walk reaches nested models"
    clashes = {name: sorted(keys) for name, keys in seen.items() if len(keys) > 1}
    assert not clashes


@pytest.mark.parametrize("path", ["goals?q=a%00b", "goals?a%00=1", "orgs/54%00", "results?org=%00"])
def test_the_nul_character_in_a_path_or_query_is_400_not_a_server_error(seeded_api, path):
    """PostgreSQL cannot compare text holding NUL: without the guard this is a 500 there (SQLite lets it pass)."""
    for who in (None, "admin"):
        response = seeded_api.get(path, who)
        assert response.status_code == 400, response.content
        assert response.json()["error"]["code"] == "invalid"


UNSTORABLE = ['{"name": "a\\u0000b"}', '{"na\\u0000me": "x"}', '{"name": "x", "list": [["\\u0000"]]}',
              '{"name": "\\udac2"}', '{"name": "x", "x_note": {"\\udc00": 1}}']


@pytest.mark.parametrize("body", UNSTORABLE)
def test_unstorable_text_in_a_body_is_400_not_a_server_error(seeded_api, body):
    """NUL (PostgreSQL refuses it) and a lone surrogate (not UTF-8): 400, not a 500 from the database or encoder."""
    response = send_raw(seeded_api, "POST", "tokens", body)
    assert response.status_code == 400, response.content
    fields = response.json()["error"]["fields"]
    assert list(fields) in (["name"], ["list"], ["x_note"], ["__all__"])  # the field it is in, or the body's keys


def test_a_surrogate_pair_is_text_like_any_other(seeded_api):
    response = send_raw(seeded_api, "POST", "tokens", '{"name": "\\ud83d\\ude00"}')
    assert response.status_code == 201 and response.json()["name"] == "\U0001f600"


def send_raw(seeded_api, method, path, body):
    return seeded_api.client.generic(method, f"{PREFIX}/{path}", body.encode(), content_type="application/json",
                                     headers={"Authorization": f"Bearer {seeded_api.tokens['admin']}"})


WORKBOOK_BODIES = [
    ("PUT", "orgs/5401", '{"name_th": "x", "kind": "district", "parent": "54", "x_a": "\\udac2"}'),
    ("POST", "workbook?dry_run=false", '{"events": [{"fiscal_year": 2565, "date": "2022-09-20", '
                                       '"title_th": "\\udac2"}]}'),
    ("POST", "workbook?dry_run=true", '{"events": [{"fiscal_year": 2565, "date": "2022-09-20", '
                                      '"title_th": "\\udac2"}]}'),
    ("PUT", "goals/G01", '{"title_th": "x", "extra": {"x_note": "a\\u0000b"}}'),
]


@pytest.mark.parametrize(("method", "path", "body"), WORKBOOK_BODIES)
def test_unstorable_text_in_a_workbook_body_is_400(seeded_api, method, path, body):
    response = send_raw(seeded_api, method, path, body)
    assert response.status_code == 400, response.content
