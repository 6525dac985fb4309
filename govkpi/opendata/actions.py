"""Writes that leave govkpi: publishing to a CKAN portal, recorded in the audit log."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from govkpi.audit.actions import record

from .ckan import Client, Plan, publish


def publish_to_ckan(
    client: Client | None, *, acting_user: AbstractBaseUser | None, channel: str, portal: str, **options: Any
) -> Plan:
    """Publish every open dataset to ``portal`` (no client: a dry run that records nothing)."""
    plan = publish(client, **options)
    if client is not None:
        with transaction.atomic():
            record(
                acting_user=acting_user,
                channel=channel,
                action="opendata.publish_ckan",
                object_type="ckan",
                object_key=portal,
                changes={"created": plan.created, "updated": plan.updated},
            )
    return plan
