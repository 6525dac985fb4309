"""govkpi's settings with the write benchmark's baseline endpoints added (`write_baseline`); benchmarks only."""

from govkpi.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.write_baseline"
