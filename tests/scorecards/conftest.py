import pytest

from .builders import Phrae, build_phrae


@pytest.fixture
def phrae(db) -> Phrae:
    return build_phrae()
