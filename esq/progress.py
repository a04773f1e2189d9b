"""Progress of long work (downloads, large loads), logged at a bounded rate.

A :class:`Progress` counts bytes or rows and writes a line such as
``raw/req-registre: 48.0 MB of 120.0 MB (40%), 12.1 MB/s`` at most every ``every`` seconds,
plus one final line. It writes through a ``logging.Logger`` so the same lines reach the
Dagster run log (pass ``context.log``) and the terminal (the ``esq`` logger of the CLI).

A front end (the ``esq`` command) may also :func:`watch` every Progress of the process: it then
receives each update (at most every ``LIVE_EVERY`` seconds) and each finish, and draws bars on
a terminal or plain lines in a log.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

DEFAULT_LOGGER = "esq.progress"
#: Seconds between two updates sent to watchers (a terminal bar redraws ~10 times a second).
LIVE_EVERY = 0.1

#: Callbacks ``(progress, finished)`` told of every Progress update in this process.
_WATCHERS: list[Callable[[Progress, bool], None]] = []


def watch(callback: Callable[[Progress, bool], None]) -> Callable[[], None]:
    """Tell ``callback(progress, finished)`` of every update; return a function that stops it."""
    _WATCHERS.append(callback)
    return lambda: _WATCHERS.remove(callback) if callback in _WATCHERS else None


def _tell(progress: Progress, finished: bool) -> None:
    for callback in list(_WATCHERS):
        callback(progress, finished)


def human(amount: float, unit: str) -> str:
    """``12.3 MB`` for bytes, ``12,345 rows`` for anything else."""
    if unit != "bytes":
        return f"{amount:,.0f} {unit}"
    for suffix in ("B", "kB", "MB", "GB"):
        if abs(amount) < 1000 or suffix == "GB":
            return f"{amount:.0f} {suffix}" if suffix == "B" else f"{amount:.1f} {suffix}"
        amount /= 1000
    raise AssertionError("unreachable")


class Progress:
    """A throttled progress reporter for one piece of work."""

    def __init__(
        self,
        label: str,
        unit: str = "bytes",
        total: float | None = None,
        log: logging.Logger | Any | None = None,
        every: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.label, self.unit, self.total, self.every = label, unit, total, every
        self.log = log or logging.getLogger(DEFAULT_LOGGER)
        self._clock = clock
        self.started = self._last = self._told = clock()
        self.done_amount = 0.0
        self.lines = 0
        self.note = ""
        _tell(self, False)

    @property
    def rate(self) -> float:
        """Units per second since the start."""
        return self.done_amount / max(self._clock() - self.started, 1e-9)

    def line(self) -> str:
        """The current progress as one human-readable line."""
        elapsed = max(self._clock() - self.started, 1e-9)
        text = f"{self.label}: {human(self.done_amount, self.unit)}"
        if self.total:
            share = min(self.done_amount / self.total, 1.0)
            text += f" of {human(self.total, self.unit)} ({share:.0%})"
        rate = human(self.done_amount / elapsed, self.unit)
        return f"{text}, {rate}/s"

    def _emit(self, text: str) -> None:
        self.lines += 1
        self.log.info(text)

    def advance(self, amount: float) -> None:
        """Count ``amount`` more units; log when ``every`` seconds passed since the last line."""
        self.done_amount += amount
        now = self._clock()
        if _WATCHERS and now - self._told >= LIVE_EVERY:
            self._told = now
            _tell(self, False)
        if now - self._last >= self.every:
            self._last = now
            self._emit(self.line())

    def finish(self, note: str = "") -> str:
        """Log and return the closing line (always written, even for quick work)."""
        text = self.line() + (f" — {note}" if note else "") + " (done)"
        self.note = note
        self._emit(text)
        _tell(self, True)
        return text


def tracked(
    items: Iterable[Any], progress: Progress, size: Callable[[Any], float] = lambda _: 1
) -> Iterator[Any]:
    """Yield ``items`` unchanged, counting each (by ``size``, e.g. ``len`` for byte chunks)."""
    for item in items:
        progress.advance(size(item))
        yield item
    progress.finish()
