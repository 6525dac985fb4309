"""A body over the limit gets the API's JSON error with 413, not Django's HTML 400 (issue 14, item 9)."""

import pytest


@pytest.mark.parametrize("path", ["results", "tokens", "awards"])
def test_a_body_over_the_limit_is_413_in_the_api_shape(api, path):
    body = {"note": "x" * (3 * 1024 * 1024)}  # over Django's 2.5 MB for a body read whole
    response = api.post(path, "admin", body)
    assert response.status_code == 413, response.content[:200]
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["error"]["code"] == "too_large"
