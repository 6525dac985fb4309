"""The core is pure Python: its tests need no Django settings and must run with ``-p no:django``."""

import pytest


@pytest.fixture(autouse=True)
def _fast_password_hasher() -> None:
    """Override the project-wide fixture, which needs pytest-django's ``settings``; the core has no passwords."""
