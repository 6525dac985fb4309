"""Loading the Phrae demo and giving it an administrator."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from govkpi.audit.actions import record
from govkpi.workbook.actions import LoadReport, TableCounts, load_workbook

DEMO_WORKBOOK = Path(__file__).resolve().parent / "phrae-2565.yaml"
NATIONAL_PLANS = Path(__file__).resolve().parent.parent / "data" / "strategy" / "national.yaml"
DEMO_STRATEGY = Path(__file__).resolve().parent / "phrae-strategy-2565.yaml"
DEMO_ADMIN = "admin"


@transaction.atomic
def load_demo() -> LoadReport:
    """The national planning hierarchy, the Phrae 2565 workbook and its strategy cycle, all or nothing; the
    counts of the three loads added up per table."""
    total = LoadReport()
    for path in (NATIONAL_PLANS, DEMO_WORKBOOK, DEMO_STRATEGY):
        report = load_workbook(path, acting_user=None, channel="cli")
        for name, counts in report.tables.items():
            kept = total.tables.setdefault(name, TableCounts())
            kept.created += counts.created
            kept.updated += counts.updated
            kept.unchanged += counts.unchanged
    return total


@transaction.atomic
def ensure_demo_admin() -> tuple[str, str]:
    """The demo administrator's login, creating the account on first use.

    The password is random, made once and kept in $GOVKPI_DATA_DIR/demo-admin-password (mode 600), so every
    `make demo` prints the same login and no password is shipped in the repository.
    """
    path = Path(settings.DATA_DIR) / "demo-admin-password"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(12))
    password = path.read_text().strip()
    users = get_user_model()
    user = users.objects.filter(username=DEMO_ADMIN).first()
    if user is None:
        user = users.objects.create_superuser(DEMO_ADMIN, email="", password=password)
        record(acting_user=None, channel="cli", action="accounts.create_demo_admin", object_type="user",
               object_key=DEMO_ADMIN)
    elif not user.check_password(password):
        user.set_password(password)
        user.save(update_fields=["password"])
        record(acting_user=None, channel="cli", action="accounts.reset_demo_admin_password", object_type="user",
               object_key=DEMO_ADMIN)
    return DEMO_ADMIN, password
