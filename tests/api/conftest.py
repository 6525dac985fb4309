import json

import pytest

from govkpi.accounts.actions import create_token
from tests.results.builders import World, build_world


class Api:
    """A JSON client that sends a person's bearer token."""

    def __init__(self, client, tokens):
        self.client, self.tokens = client, tokens

    def call(self, method, path, who=None, body=None, token=None):
        headers = {}
        if who is not None or token is not None:
            headers["Authorization"] = f"Bearer {token or self.tokens[who]}"
        kwargs = {"headers": headers}
        if body is not None:
            kwargs.update(data=json.dumps(body), content_type="application/json")
        return getattr(self.client, method.lower())(f"/api/v1/{path}", **kwargs)

    def get(self, path, who=None, **kw):
        return self.call("GET", path, who, **kw)

    def post(self, path, who=None, body=None, **kw):
        return self.call("POST", path, who, body if body is not None else {}, **kw)


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture
def api(world, client) -> Api:
    tokens = {name: create_token(user, acting_user=None, channel="cli") for name, user in world.people.items()}
    return Api(client, tokens)
