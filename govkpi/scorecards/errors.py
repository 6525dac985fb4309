"""Why a scorecard cannot be computed, with a message in the user's language.

Codes:

``ce_year``       a fiscal year below 2400 (a Christian-era year where a BE year is expected). params: ``year``.
``invalid_year``  a fiscal year that is not a four-digit number. params: ``year``.
``no_criteria``   no indicator has criteria for the fiscal year. params: ``year``.
``unknown_org``   no organisation has the code. params: ``code``.
``no_orgs``       there is no organisation at all.
``scoring``       the data of one organisation and indicator breaks a scoring rule (overlapping periods, a ratio
                  without parts …). params: ``org``, ``indicator``, ``detail`` (English, from the core).
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext as _

from govkpi.core.errors import CoreError


class ScorecardError(CoreError):
    """A scorecard that cannot be computed; ``str()`` is English, :meth:`user_message` the active language."""

    def __init__(self, code: str, message: str, params: Mapping[str, object] | None = None) -> None:
        super().__init__(code, message, params)

    def user_message(self) -> str:
        p = self.params
        messages = {
            "ce_year": lambda: (
                _("%(year)s looks like a Christian-era year; give the Buddhist-Era fiscal year, e.g. %(be)s.")
                % {"year": p["year"], "be": int(str(p["year"])) + 543}
            ),
            "invalid_year": lambda: (
                _("%(year)s is not a fiscal year; give a Buddhist-Era year such as 2565.") % {"year": p["year"]}
            ),
            "no_criteria": lambda: _("No indicator has criteria for fiscal year %(year)s.") % {"year": p["year"]},
            "unknown_org": lambda: _("There is no organisation with code %(code)s.") % {"code": p["code"]},
            "no_orgs": lambda: _("There are no organisations yet."),
            "scoring": lambda: (
                _("Cannot score %(indicator)s for %(org)s: %(detail)s")
                % {"indicator": p["indicator"], "org": p["org"], "detail": p["detail"]}
            ),
        }
        make = messages.get(self.code)
        return make() if make else self.message
