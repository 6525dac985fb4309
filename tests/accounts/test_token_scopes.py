"""Token scopes where people make tokens: the tokens page (read only unless Write or Create tokens is ticked; a
signed-in person is not limited by scopes), `govkpi token create --scope`, and the migration that gives the tokens
of an existing database read and write — what they could do before — but not token creation."""

import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from govkpi.accounts.models import ApiToken, hash_token
from tests.results.builders import PASSWORD

URL = "/accounts/tokens/"
NEW_TOKEN = re.compile(r'<code id="new-token"[^>]*>(gk_[^<]+)</code>')


def created(response):
    return ApiToken.objects.get(digest=hash_token(NEW_TOKEN.search(response.content.decode()).group(1)))


@pytest.fixture
def page(world, client):
    assert client.login(username="rep5401", password=PASSWORD)
    return client


def test_the_page_makes_read_only_tokens_unless_asked(page):
    html = page.get(URL).content.decode()
    assert 'name="scopes" value="write"' in html and 'name="scopes" value="tokens"' in html
    assert " checked" not in html  # nothing ticked: least privilege
    assert created(page.post(URL, {"name": "reader", "expires": "30"})).scope_list() == ["read"]
    writer = created(page.post(URL, {"name": "writer", "expires": "30", "scopes": ["write"]}))
    assert writer.scope_list() == ["read", "write"]
    both = created(page.post(URL, {"name": "both", "expires": "30", "scopes": ["write", "tokens"]}))
    assert both.scope_list() == ["read", "write", "tokens"]


def test_the_page_refuses_an_unknown_scope(page):
    response = page.post(URL, {"name": "x", "expires": "30", "scopes": ["admin"]})
    assert response.status_code == 200 and 'role="alert"' in response.content.decode()
    assert not ApiToken.objects.exists()


def test_the_list_shows_each_tokens_scopes_in_thai_and_english(page):
    page.post(URL, {"name": "writer", "expires": "30", "scopes": ["write"]})
    assert "อ่าน, เขียน" in page.get(URL, headers={"Accept-Language": "th"}).content.decode()
    english = page.get(URL, headers={"Accept-Language": "en"}).content.decode()
    assert "read, write" in english and "Write: enter, submit and approve results" in english


def run(*args):
    out = io.StringIO()
    call_command("token", *args, stdout=out, stderr=io.StringIO())
    return ApiToken.objects.get(digest=hash_token(out.getvalue().strip().splitlines()[-1]))


def test_the_command_reads_only_unless_given_scopes(world):
    assert run("create", "rep5401").scope_list() == ["read"]
    assert run("create", "rep5401", "--scope", "write").scope_list() == ["read", "write"]
    assert run("create", "rep5401", "--scope", "write,tokens").scope_list() == ["read", "write", "tokens"]
    assert run("create", "rep5401", "--scope", "tokens", "--scope", "read").scope_list() == ["read", "tokens"]
    with pytest.raises(CommandError, match="unknown scope admin"):
        run("create", "rep5401", "--scope", "admin")


@pytest.mark.django_db(transaction=True)
def test_the_migration_gives_existing_tokens_read_and_write_but_not_tokens(world):
    executor = MigrationExecutor(connection)
    executor.migrate([("accounts", "0002_token_name_expiry")])
    old = executor.loader.project_state([("accounts", "0002_token_name_expiry")]).apps
    old.get_model("accounts", "ApiToken").objects.create(user_id=world.people["rep5401"].pk, digest="a" * 64,
                                                         prefix="gk_old")
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert ApiToken.objects.get(prefix="gk_old").scope_list() == ["read", "write"]
    fresh = ApiToken.objects.create(user=world.people["rep5401"], digest="b" * 64, prefix="gk_new")
    assert fresh.scope_list() == ["read"]
