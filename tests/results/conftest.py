import pytest

from tests.results.builders import World, build_world


@pytest.fixture
def world(db) -> World:
    return build_world()
