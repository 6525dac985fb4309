"""A small province with projects whose progress is reported through the workflow (docs/planning.md, "Reporting
project progress"), on top of the results' named people (tests/results/builders.py) plus ``app5402``, an approver
elsewhere.

``P-1`` (5401, fiscal 2565, investment, 1,000,000 baht) has an approved 2565-Q1 (100,000 paid, progress 10) as the
workbook would load it; ``P-2`` (5402, operating, 200,000) has nothing yet. Targets: every project 20 % by Q1 and
45 % by Q2.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model

from govkpi.accounts.models import Membership
from govkpi.strategy.models import DisbursementTarget, Project, ProjectProgress
from tests.results.builders import PASSWORD, World, build_world

__all__ = ["PASSWORD", "ProgressWorld", "build_progress_world", "login"]


@dataclass
class ProgressWorld:
    world: World
    people: dict[str, Any]
    p1: Project
    p2: Project


def build_progress_world() -> ProgressWorld:
    world = build_world()
    people = dict(world.people)
    user = get_user_model().objects.create_user("app5402", "app5402@example.org", PASSWORD)
    Membership.objects.create(user=user, org=world.orgs["5402"], role="approver")
    people["app5402"] = user
    p1 = Project.objects.create(code="P-1", fiscal_year=2565, title_th="ถนนลาดยาง", title_en="Paved road",
                                org=world.orgs["5401"], kind="investment", allocated=1_000_000)
    p2 = Project.objects.create(code="P-2", fiscal_year=2565, title_th="อบรมอาชีพ", org=world.orgs["5402"],
                                kind="operating", allocated=200_000)
    ProjectProgress.objects.create(project=p1, period="2565-Q1", disbursed=100_000, progress=10, status="on_track")
    DisbursementTarget.objects.create(fiscal_year=2565, period="2565-Q1", share=0.2)
    DisbursementTarget.objects.create(fiscal_year=2565, period="2565-Q2", share=0.45)
    return ProgressWorld(world, people, p1, p2)


def login(client: Any, name: str | None) -> Any:
    client.logout()
    if name is not None:
        assert client.login(username=name, password=PASSWORD)
    return client


def evidence_in(settings: Any, directory: Any) -> None:
    """Evidence files stored under ``directory`` (a test's own), not the developer's data directory."""
    settings.STORAGES = {**settings.STORAGES, "evidence": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                                                          "OPTIONS": {"location": str(directory)}}}


def signed_in(client: Any, pw: Any, who: str | None) -> Any:
    """The test client signed in as ``pw.people[who]`` (anonymous when ``who`` is empty)."""
    client.logout()
    if who:
        client.force_login(pw.people[who])
    return client
