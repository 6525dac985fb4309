import pytest
from django.db import transaction

from govkpi.demo.actions import load_demo


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The Phrae 2565 demo, loaded once per module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo()
        yield
        transaction.set_rollback(True)


def squash(text: str) -> str:
    """Text without whitespace: PDF text layers break lines anywhere, so sentences compare modulo whitespace."""
    return "".join(text.split())
