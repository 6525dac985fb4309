import io

import pytest
from django.core.management import CommandError, call_command

from govkpi.accounts.models import ApiToken, hash_token


def test_token_create_prints_the_token_alone_on_its_last_line_and_keeps_only_its_hash(world):
    out = io.StringIO()
    call_command("token", "create", "rep5401", stdout=out, stderr=io.StringIO())
    token = out.getvalue().strip().splitlines()[-1]
    assert token.startswith("gk_") and " " not in token
    stored = ApiToken.objects.get(user__username="rep5401")
    assert stored.digest == hash_token(token) and token not in stored.digest


def test_token_create_for_an_unknown_user_fails(world):
    with pytest.raises(CommandError):
        call_command("token", "create", "nobody")
