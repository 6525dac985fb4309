import pytest

from tests.dashboards.conftest import add_awards
from tests.scorecards.builders import Phrae, build_phrae


@pytest.fixture
def phrae(db) -> Phrae:
    """The small Phrae of the dashboard tests: districts 5401 (achieved), 5402 (at risk) and 5403 (no data)."""
    data = build_phrae()
    add_awards(data)
    return data
