"""How tests/api/test_every_endpoint.py calls the project-progress writes: a project of fiscal 2566 of the target
organisation and, as asked, its 2566-Q1 report in a given state (made by the system, so four eyes never applies)."""

from collections.abc import Callable, Mapping
from typing import Any

from govkpi.strategy import progress
from govkpi.strategy.models import Project
from govkpi.strategy.progress import ProgressEntry

PERIOD = "2566-Q1"


Request = Callable[[Any, str | None], tuple[str, Any]]


def progress_call(name: str, state: str | None, orgs: Mapping[str, str]) -> Request:
    """``name``: save, submit, approve or return; ``state``: the report's state before the call (None: no report)."""

    def request(ctx: Any, target: str | None) -> tuple[str, Any]:
        org = ctx.seeded.orgs[orgs[target or "own"]]
        project, _ = Project.objects.get_or_create(code=f"PAPI-{org.code}", defaults={
            "fiscal_year": 2566, "title_th": "โครงการทดสอบ", "org": org, "allocated": 1000})
        if state is not None:
            row = progress.save_progress(project=project, period=PERIOD, entry=ProgressEntry(100, None, 10, "on_track"),
                                         acting_user=None, channel="cli")
            if state in ("submitted", "approved"):
                row = progress.submit_progress(row, acting_user=None, channel="cli")
            if state == "approved":
                progress.approve_progress(row, acting_user=None, channel="cli")
        if name == "save":
            return f"/projects/{project.code}/progress", {"period": PERIOD, "disbursed": "1,000", "progress": 20}
        return f"/projects/{project.code}/progress/{PERIOD}/{name}", {"reason": "ตรวจแล้ว"} if name == "return" else None

    return request
