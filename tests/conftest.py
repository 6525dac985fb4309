import pytest
from pytest_django.plugin import blocking_manager_key


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _audit_anchors_of_the_test(settings, tmp_path_factory, request):
    """Each test its own audit anchor file: a test whose transactions commit (live server, transactional tests) never
    appends anchors to the developer's var/audit-anchors.log."""
    import hashlib

    name = hashlib.sha256(request.node.nodeid.encode()).hexdigest()[:20]
    settings.AUDIT_ANCHOR_FILE = tmp_path_factory.getbasetemp() / "audit-anchors" / f"{name}.log"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A transactional test (live server, browser) ends by flushing every table, which also empties the reference
    data that migrations loaded: put the SDG catalogue back for the tests after it."""
    yield
    if nextitem is None:  # the session is over and its test database already gone
        return
    marker = item.get_closest_marker("django_db")
    transactional = (marker is not None and (marker.kwargs.get("transaction") or (marker.args and marker.args[0]))) or (
        {"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())))
    if transactional:
        from govkpi.sdg import catalogue
        from govkpi.sdg.models import SdgGoal, SdgIndicator, SdgTarget

        with item.config.stash[blocking_manager_key].unblock():
            catalogue.install(SdgGoal, SdgTarget, SdgIndicator)
