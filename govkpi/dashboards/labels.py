"""What people read instead of internal codes: one place for the labels of organisation kinds, peer groups, claim
metrics, audit actions and actors (the command line, the API), in the active language.

Every function takes the stored code and gives its label; a code nobody has named yet falls back to a readable form
(never an error), so new codes in a workbook still show. The template filters are in `templatetags/labels.py`.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from govkpi.awards.choices import AwardCategory
from govkpi.orgs.choices import KNOWN_GROUPS, OrgKind

ACTIONS = {
    "workbook.load": gettext_lazy("loaded a workbook"),
    "accounts.create_demo_admin": gettext_lazy("created the demo administrator"),
    "accounts.reset_demo_admin_password": gettext_lazy("reset the demo administrator's password"),
    "accounts.login.lockout": gettext_lazy("locked a sign-in after repeated failures"),
    "accounts.token.create": gettext_lazy("created an API token"),
    "accounts.token.revoke": gettext_lazy("revoked an API token"),
    "accounts.user.add": gettext_lazy("added a user"),
    "assessments.assessment.record": gettext_lazy("recorded an assessment result"),
    "assessments.checklist.confirm": gettext_lazy("confirmed a readiness checklist"),
    "assessments.checklist.save": gettext_lazy("saved a readiness checklist"),
    "awards.award.add": gettext_lazy("added an award"),
    "awards.award.change": gettext_lazy("changed an award"),
    "maps.load_boundaries": gettext_lazy("loaded map boundaries"),
    "notify.outbox.retry": gettext_lazy("asked to send a notice again"),
    "opendata.publish_ckan": gettext_lazy("published open data to CKAN"),
    "ops.job.run": gettext_lazy("ran a scheduled job"),
    "ops.restore": gettext_lazy("restored a backup"),
    "orgs.load_admin_areas": gettext_lazy("loaded the official administrative areas"),
    "report.generate": gettext_lazy("generated a report"),
    "report.publish": gettext_lazy("published a report"),
    "results.escalate": gettext_lazy("escalated overdue reports"),
    "results.period.unlock": gettext_lazy("unlocked a reporting period"),
    "results.remind": gettext_lazy("sent reminders"),
    "results.result.import": gettext_lazy("loaded results from a workbook"),
    "results.result.create": gettext_lazy("created a result"),
    "results.result.edit": gettext_lazy("edited a result"),
    "strategy.commentary.save": gettext_lazy("wrote commentary on results"),
    "strategy.progress.create": gettext_lazy("reported a project's progress"),
    "strategy.progress.edit": gettext_lazy("edited a project's progress report"),
    "strategy.progress.submit": gettext_lazy("submitted a project's progress report"),
    "strategy.progress.approve": gettext_lazy("approved a project's progress report"),
    "strategy.progress.return": gettext_lazy("returned a project's progress report"),
    "strategy.progress.evidence": gettext_lazy("added evidence to a project's progress report"),
    "results.result.submit": gettext_lazy("submitted a result"),
    "results.result.approve": gettext_lazy("approved a result"),
    "results.result.return": gettext_lazy("returned a result"),
    "results.result.reopen": gettext_lazy("reopened a result"),
    "results.result.evidence": gettext_lazy("added evidence to a result"),
    "results.result.flag": gettext_lazy("flagged a result for follow-up"),
    "results.result.unflag": gettext_lazy("cleared the follow-up flag of a result"),
    "scorecards.materialise": gettext_lazy("recomputed the stored scores"),
    "synth.load": gettext_lazy("loaded synthetic data"),
}
ADMIN_STEPS = {
    "add": gettext_lazy("added a record in the admin: %(what)s"),
    "change": gettext_lazy("changed a record in the admin: %(what)s"),
    "delete": gettext_lazy("deleted a record in the admin: %(what)s"),
}
CHANNELS = {
    "cli": gettext_lazy("an administrator (command line)"),
    "api": gettext_lazy("an API client"),
    "web": gettext_lazy("a web user"),
    "system": gettext_lazy("the system"),
}
COUNTED = ("workbook.load", "results.result.import")  # entries whose changes count rows


def _readable(code: str) -> str:
    """A code nobody named: its words, without dots and underscores ("new_kind" → "new kind")."""
    return code.replace("_", " ").replace(".", " ").strip() or code


def kind_label(code: str) -> str:
    """An organisation kind: ``central_unit`` → "หน่วยงานส่วนกลาง"."""
    return str(OrgKind(code).label) if code in OrgKind.values else _readable(code)


def group_label(code: str, name_th: str = "", name_en: str = "") -> str:
    """A peer group: known groups by their translated name, a group named after a kind by the kind, else the names
    the workbook gave (when they are names, not the code again), else the code made readable."""
    if code in KNOWN_GROUPS:
        english, thai = KNOWN_GROUPS[code]
        return str(english) if get_language() == "en" else thai
    names = [name for name in (name_en if get_language() == "en" else "", name_th, name_en) if name and name != code]
    if names:
        return names[0]
    return kind_label(code)


def metric_label(metric: str) -> str:
    """A published-claim metric: ``awards.total`` → "จำนวนรางวัลทั้งหมด"."""
    parts = metric.split(".")
    if parts == ["awards", "total"]:
        return _("Total number of awards")
    if len(parts) == 2 and parts[0] == "awards" and parts[1] in AwardCategory.values:
        return _("Number of awards: %(category)s") % {"category": AwardCategory(parts[1]).label}
    if parts == ["score", "overall"]:
        return _("Overall score of the province")
    if len(parts) == 3 and parts[:2] == ["score", "goal"]:
        return _("Score of goal %(goal)s") % {"goal": parts[2]}
    if len(parts) >= 4 and parts[0] == "assessment" and parts[-1] in ("score", "rank"):
        values = {"framework": parts[1].upper(), "org": ".".join(parts[2:-1])}
        if parts[-1] == "score":
            return _("%(framework)s score of organisation %(org)s") % values
        return _("%(framework)s rank of organisation %(org)s") % values
    return _readable(metric)


def action_label(action: str) -> str:
    """An audit action as a verb phrase: ``workbook.load`` → "โหลดสมุดงาน"."""
    if action in ACTIONS:
        return str(ACTIONS[action])
    app_label, _dot, rest = action.partition(".")
    model_name, _dot, step = rest.rpartition(".")
    if step in ADMIN_STEPS and model_name:
        try:
            what = str(apps.get_model(app_label, model_name)._meta.verbose_name)
        except (LookupError, ValueError):
            what = _readable(model_name)
        return str(ADMIN_STEPS[step]) % {"what": what}
    return _readable(action)


def actor_label(label: str) -> str:
    """Who acted: a user name as it is; ``cli:root`` → "ผู้ดูแลระบบ (บรรทัดคำสั่ง)"; a channel by its name."""
    channel = label.split(":", 1)[0]
    if channel in CHANNELS and (label == channel or channel == "cli"):
        return str(CHANNELS[channel])
    return label


def event_sentence(event: Any) -> str:
    """An audit entry as a sentence: "ผู้ดูแลระบบ (บรรทัดคำสั่ง) โหลดสมุดงาน: 1,037 แถว"."""
    text = _("%(actor)s %(action)s") % {"actor": actor_label(event.actor_label), "action": action_label(event.action)}
    rows = _rows(event.changes) if event.action in COUNTED else None
    if rows:
        text += ": " + ngettext("%(n)s row", "%(n)s rows", rows) % {"n": f"{rows:,}"}
    return text


def _rows(changes: Any) -> int | None:
    """The rows an import wrote or checked: ``{"created": 700, "updated": 0}``, or per table under ``tables``."""
    if not isinstance(changes, dict):
        return None
    parts = changes["tables"].values() if isinstance(changes.get("tables"), dict) else [changes]
    total = 0
    for part in parts:
        if isinstance(part, dict):
            total += sum(v for k, v in part.items() if k in ("created", "updated", "unchanged") and isinstance(v, int))
    return total
