"""The error type shared by the pure core.

Every error raised on purpose by ``govkpi.core`` is a :class:`CoreError`, a :class:`ValueError` that carries
a machine-readable ``code`` and the ``params`` needed to say the same thing in Thai. The English
``message`` is for logs and developers; the Django layers catch the error, look the code up in their
translations and format the params. The codes of each module are listed in that module's docstring.
"""

from __future__ import annotations

from collections.abc import Mapping


class CoreError(ValueError):
    """A ValueError with a stable ``code`` and ``params`` for translated messages."""

    def __init__(self, code: str, message: str, params: Mapping[str, object] | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.params: dict[str, object] = dict(params or {})

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code!r}, message={self.message!r}, params={self.params!r})"


class ScoringError(CoreError):
    """Input that the scoring rules cannot score (codes in :mod:`govkpi.core.scoring`)."""
