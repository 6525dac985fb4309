"""Fuzzing budget: modest example counts, no deadline (a shared machine is slow at times), no database reuse
warnings for the function-scoped `db` fixture (each example dry-runs or rolls back with the test)."""

from hypothesis import HealthCheck, settings

settings.register_profile(
    "fuzz",
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
FUZZ = settings.get_profile("fuzz")
