"""Progress of long work, told the way the place it runs in can show it.

Library code (the workbook loader, synth, backup and restore …) takes a :class:`Progress` and marks its stages; it
never prints::

    with progress.stage(_("writing results"), total=len(rows)) as bar:
        for batch in batches:
            write(batch)
            bar.advance(len(batch))

The caller picks how the stages are shown:

* :data:`SILENT` (the default everywhere): nothing; costs a method call per stage and per chunk.
* :class:`Bars`: a live `rich` bar per stage on a terminal — name, bar, "done/total", elapsed time and an estimate
  of the time left. Nested stages share one live display.
* :class:`Lines`: one plain line per finished stage (cron, CI, a pipe): ``writing results: 120000 in 3.4 s``.
* :class:`Cached`: the stages as a small dict in Django's cache under a key, for a page that polls while its own
  request does the work (:func:`snapshot` reads it back).

:func:`for_command` picks for a management command: quiet with ``-v0``, bars when stderr is a terminal, lines
otherwise. Progress always goes to stderr, so what a command prints on stdout (JSON, JSON lines) stays the same.
Advance in chunks (a batch, a table, :func:`Bar.track`'s ``every``): a call per row of a million-row load would cost
more than the bar is worth. No reporter touches the database.

A page with long work (the workbook upload, :mod:`govkpi.workbook.views`; report generation,
:mod:`govkpi.reports.views`; both with the script ``ops/static/ops/progress.js``): the form carries a random key;
the POST runs the work with ``Cached(f"<what>:{user.pk}:{key}")`` and calls :meth:`Cached.finish` at the end; a
small JSON view returns :func:`snapshot` of the same key for the page's script to poll. The work stays in its
request, so its transaction and audit are those of a plain POST.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import IO, Any, TypeVar

from django.core.cache import cache
from django.utils.translation import gettext as _

T = TypeVar("T")
EVERY = 5000  # rows between two advances of Bar.track
CACHE_SECONDS = 3600  # how long a finished page's progress stays readable
CACHE_EVERY = 0.25  # seconds between two cache writes of one stage's count


class Bar:
    """One stage as it runs: ``advance`` it by what was done; ``total`` may be set once it is known."""

    __slots__ = ("done", "name", "owner", "started", "total")

    def __init__(self, owner: Progress, name: str, total: int | None) -> None:
        self.owner = owner
        self.name = name
        self.total = total
        self.done = 0
        self.started = time.monotonic()

    def advance(self, count: int = 1) -> None:
        self.done += count
        self.owner._advanced(self)

    def set_total(self, total: int | None) -> None:
        self.total = total
        self.owner._advanced(self)

    def track(self, items: Iterable[T], every: int = EVERY) -> Iterator[T]:
        """The items of ``items`` (a list or a generator), advancing the bar every ``every`` items and at the end."""
        pending = 0
        for item in items:
            yield item
            pending += 1
            if pending == every:
                self.advance(pending)
                pending = 0
        if pending:
            self.advance(pending)

    @property
    def seconds(self) -> float:
        return time.monotonic() - self.started


class Progress:
    """Shows nothing: the base of the others, and :data:`SILENT`."""

    @contextmanager
    def stage(self, name: str, total: int | None = None) -> Iterator[Bar]:
        """A stage of the work named ``name`` (translated: people read it), of ``total`` steps when known."""
        bar = Bar(self, name, total)
        self._started(bar)
        yield bar
        self._finished(bar)

    def release(self) -> None:
        """The work is past the point where it could still refuse its input: what was held may be shown."""

    def _started(self, bar: Bar) -> None:
        pass

    def _advanced(self, bar: Bar) -> None:
        pass

    def _finished(self, bar: Bar) -> None:
        pass


SILENT = Progress()


def line(bar: Bar) -> str:
    """One finished stage in words: its name, what was done (of how many, when it fell short) and how long."""
    values = {"stage": bar.name, "done": bar.done, "total": bar.total, "seconds": bar.seconds}
    if bar.total is not None and bar.done != bar.total:
        return _("%(stage)s: %(done)d of %(total)d in %(seconds).1f s") % values
    return _("%(stage)s: %(done)d in %(seconds).1f s") % values


class Lines(Progress):
    """One line per finished stage on ``stream`` (not a terminal: cron, CI, a log). With ``hold``, the lines wait
    for :meth:`release` (``govkpi load``: a file with errors prints its errors and nothing else)."""

    def __init__(self, stream: IO[str] | Any, hold: bool = False) -> None:
        self.stream = stream
        self.held: list[str] | None = [] if hold else None

    def _finished(self, bar: Bar) -> None:
        if self.held is not None:
            self.held.append(line(bar))
            return
        self._write(line(bar))

    def release(self) -> None:
        held, self.held = self.held or [], None
        for text in held:
            self._write(text)

    def _write(self, text: str) -> None:
        self.stream.write(text + "\n")
        flush = getattr(self.stream, "flush", None)
        if flush is not None:
            flush()


class Bars(Progress):
    """A live rich bar per stage on a terminal (``console``: a rich Console, by default on stderr)."""

    def __init__(self, console: Any = None) -> None:
        from rich.console import Console

        self.console = console if console is not None else Console(stderr=True)
        self.live: Any = None
        self.tasks: dict[int, Any] = {}
        self.depth = 0

    def _started(self, bar: Bar) -> None:
        from rich import progress as rich

        if self.live is None:
            self.live = rich.Progress(
                rich.SpinnerColumn(),
                rich.TextColumn("{task.description}"),
                rich.BarColumn(),
                rich.MofNCompleteColumn(),
                rich.TimeElapsedColumn(),
                rich.TimeRemainingColumn(),
                console=self.console,
                transient=False,
                redirect_stdout=False,  # commands write stdout themselves (JSON lines): never through rich
                redirect_stderr=False,
            )
            self.live.start()
        self.depth += 1
        self.tasks[id(bar)] = self.live.add_task(bar.name, total=bar.total)

    def _advanced(self, bar: Bar) -> None:
        self.live.update(self.tasks[id(bar)], completed=bar.done, total=bar.total)

    def _finished(self, bar: Bar) -> None:
        task = self.tasks.pop(id(bar))
        total = bar.total if bar.total is not None else bar.done
        self.live.update(task, completed=bar.done, total=total)
        self.depth -= 1
        if self.depth == 0:
            self.live.stop()
            self.live = None

    @contextmanager
    def stage(self, name: str, total: int | None = None) -> Iterator[Bar]:
        bar = Bar(self, name, total)
        self._started(bar)
        try:
            yield bar
        except BaseException:
            self.tasks.pop(id(bar), None)
            self.depth -= 1
            if self.depth == 0:  # leave the terminal as it was, then let the error speak
                self.live.stop()
                self.live = None
            raise
        self._finished(bar)


def cache_key(key: str) -> str:
    return f"govkpi:progress:{key}"


class Cached(Progress):
    """The stages in Django's cache under ``key``, for a page that polls (:func:`snapshot`). The count of a running
    stage is written at most every ``CACHE_EVERY`` seconds; a stage's start and end always."""

    def __init__(self, key: str) -> None:
        self.key = cache_key(key)
        self.stages: list[dict[str, Any]] = []
        self.entries: dict[int, dict[str, Any]] = {}  # id of a running bar → its entry in stages
        self.written = 0.0
        self._write()

    def _write(self) -> None:
        self.written = time.monotonic()
        cache.set(self.key, {"stages": self.stages, "finished": False}, CACHE_SECONDS)

    def _entry(self, bar: Bar) -> dict[str, Any]:
        return {"name": str(bar.name), "done": bar.done, "total": bar.total, "seconds": round(bar.seconds, 1),
                "finished": False}

    def _started(self, bar: Bar) -> None:
        bar.name = str(bar.name)
        self.entries[id(bar)] = self._entry(bar)
        self.stages.append(self.entries[id(bar)])
        self._write()

    def _advanced(self, bar: Bar) -> None:
        if time.monotonic() - self.written >= CACHE_EVERY:
            self._update(bar)
            self._write()

    def _update(self, bar: Bar, finished: bool = False) -> None:
        self.entries[id(bar)].update(self._entry(bar), finished=finished)

    def _finished(self, bar: Bar) -> None:
        self._update(bar, finished=True)
        del self.entries[id(bar)]
        self._write()

    def finish(self, **outcome: Any) -> None:
        """The work is over (``outcome``: e.g. ``ok=True``, where to see the result)."""
        cache.set(self.key, {"stages": self.stages, "finished": True, **outcome}, CACHE_SECONDS)


def snapshot(key: str) -> dict[str, Any] | None:
    """What :class:`Cached` last wrote under ``key``: ``{"stages": [...], "finished": bool, …}``, or None."""
    found = cache.get(cache_key(key))
    return found if isinstance(found, dict) else None


def for_stream(stream: Any, verbosity: int = 1, hold: bool = False) -> Progress:
    """Quiet at verbosity 0, bars when ``stream`` is a terminal, lines otherwise (``hold``: see :class:`Lines`)."""
    if verbosity < 1:
        return SILENT
    isatty = getattr(stream, "isatty", None)
    if isatty is not None and isatty():
        from rich.console import Console

        return Bars(Console(file=getattr(stream, "_out", stream)))
    return Lines(stream, hold)


def for_command(command: Any, options: dict[str, Any], hold: bool = False) -> Progress:
    """The progress of a management command: on its stderr, by its ``--verbosity``."""
    return for_stream(command.stderr, int(options.get("verbosity", 1)), hold)
