import pytest
from django.db import transaction

from govkpi.demo.actions import load_demo

from .ckan_server import serve


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The Phrae 2565 demo, loaded once per module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def ckan():
    server, portal = serve("token-54", {"phrae"})
    yield server, portal
    server.shutdown()
    server.server_close()
