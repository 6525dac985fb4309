"""Framework errors and flags in the user's language.

The pure engine (:mod:`govkpi.core.frameworks`) raises codes with params and returns :class:`Flag` values; this
module says them in Thai or English.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from govkpi.core.errors import CoreError
from govkpi.core.frameworks import Flag, FrameworkError


def error_message(error: CoreError) -> str:
    p = error.params
    messages = {
        "unknown_framework": lambda: _("There is no configuration for framework %(framework)s in %(year)s.") % p,
        "bad_config": lambda: _("The configuration file %(path)s is not valid: %(reason)s") % p,
        "unknown_component": lambda: _("“%(name)s” is not a component of this framework (use: %(allowed)s)") % p,
        "out_of_range": lambda: _("%(name)s = %(value)s is outside %(low)g…%(high)g") % p,
        "unknown_level": lambda: _("“%(level)s” is not a level of this framework (use: %(allowed)s)") % p,
        "unknown_group": lambda: _("There is no peer group %(group)s.") % p,
    }
    make = messages.get(error.code)
    return make() if make else error.message


def flag_templates() -> dict[str, str]:
    """The flag sentences in the active language, looked up once per report rather than once per flag."""
    return {
        "score": _("published score %(published)s differs from the computed %(computed)s"),
        "level": _("published level %(published)s differs from the computed %(computed)s"),
        "rank": _(
            "published rank %(published)s in %(group)s is better than the rank %(computed)s computed from the "
            "organisations on record"
        ),
        "level_unknown": _("published level “%(published)s” is not a level of this framework"),
        "group_not_member": _("the organisation is not in the peer group %(group)s it was ranked in"),
    }


def flag_message(flag: Flag, templates: dict[str, str] | None = None) -> str:
    template = (templates or flag_templates()).get(flag.code)
    if template is None:
        return f"{flag.code}: {flag.published} ≠ {flag.computed}"
    return template % {"published": flag.published, "computed": flag.computed, "group": flag.group}


class AssessmentError(FrameworkError):
    """A framework, year or group that the assess command cannot use."""


def framework_error(error: FrameworkError) -> AssessmentError:
    return AssessmentError(error.code, error.message, error.params)
