"""Who is told (contacts, by organisation, channel and role) and what waits to be told (the outbox).

A message is written to the outbox in the transaction of the action that causes it, so a rolled-back action
leaves no message, and a message written is never lost when LINE or the mail server is down: `govkpi notify
deliver` (a periodic job) sends what is due and retries with back-off (govkpi.notify.outbox).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govkpi.orgs.models import OrgUnit

from .addresses import address_problem
from .choices import Channel, ContactRole, Status

ADDRESS_PROBLEMS = {  # the messages of govkpi.notify.addresses, translated
    "a LINE id is U, C or R followed by 32 lower-case hexadecimal characters": _(
        "a LINE id is U, C or R followed by 32 lower-case hexadecimal characters"
    ),
    "an e-mail address such as saraban@phrae.go.th": _("an e-mail address such as saraban@phrae.go.th"),
}


class Contact(models.Model):
    org = models.ForeignKey(OrgUnit, verbose_name=_("organisation"), on_delete=models.CASCADE,
                            related_name="contacts")
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    address = models.CharField(_("address"), max_length=255,
                               help_text=_("An e-mail address, or a LINE user, group or room id."))
    role = models.CharField(_("role"), max_length=10, choices=ContactRole.choices, default=ContactRole.ALL)
    extra = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["org__path", "channel", "address"]
        constraints = [models.UniqueConstraint(fields=["org", "channel", "address"], name="notify_contact_unique")]

    def __str__(self) -> str:
        return f"{self.org.code} {self.channel} {self.address}"

    def clean(self) -> None:
        self.address = (self.address or "").strip()
        problem = address_problem(self.channel, self.address)
        if problem is not None:
            raise ValidationError({"address": [ADDRESS_PROBLEMS[problem]]})


class OutboxMessage(models.Model):
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    address = models.CharField(_("address"), max_length=255)
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    text = models.TextField(_("text"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    claimed_until = models.DateTimeField(null=True, blank=True, editable=False)
    last_error = models.TextField(_("last error"), blank=True)
    dedupe_key = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="notify_outbox_due")]
        constraints = [
            models.UniqueConstraint(fields=["dedupe_key"], condition=~Q(dedupe_key=""), name="notify_outbox_dedupe"),
        ]

    def __str__(self) -> str:
        return f"{self.channel} {self.address} {self.status}"
