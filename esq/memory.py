"""A run that cannot fit in memory stops with a message instead of exhausting the machine.

:class:`MemoryGuard` samples the process's resident memory (and its children's, where Dagster
runs steps in subprocesses) twice a second; past the limit it interrupts the main thread, and
the run ends with :class:`MemoryLimitExceeded` naming the limit and how to raise it. The limit
is ``ESQ_MEMORY_LIMIT`` ("12GiB", "800MiB", bytes) or 75 % of the machine's memory.
"""

from __future__ import annotations

import _thread
import os
import re
import threading
from collections.abc import Callable
from pathlib import Path

_UNITS = {"": 1, "b": 1, "kib": 1 << 10, "mib": 1 << 20, "gib": 1 << 30, "tib": 1 << 40,
          "kb": 10**3, "mb": 10**6, "gb": 10**9, "tb": 10**12}  # fmt: skip
DEFAULT_SHARE = 0.75


class MemoryLimitExceeded(MemoryError):
    """The run's memory passed ESQ_MEMORY_LIMIT and it was stopped."""


def parse_size(text: str) -> int:
    """Bytes from "12GiB", "800 MB", "1048576"."""
    match = re.fullmatch(r"\s*([\d.]+)\s*([a-zA-Z]*)\s*", text)
    if not match or match.group(2).lower() not in _UNITS:
        raise ValueError(f"not a memory size: {text!r} (e.g. 12GiB, 800MiB)")
    return int(float(match.group(1)) * _UNITS[match.group(2).lower()])


def machine_memory() -> int:
    """Total memory of the machine in bytes (from /proc/meminfo; 8 GiB when unknown)."""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 8 << 30


def memory_limit(env: dict[str, str] | None = None) -> int:
    raw = (os.environ if env is None else env).get("ESQ_MEMORY_LIMIT")
    return parse_size(raw) if raw else int(machine_memory() * DEFAULT_SHARE)


def _rss_of(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def process_tree_rss(pid: int | None = None) -> int:
    """Resident bytes of a process and its children (Linux /proc; 0 elsewhere)."""
    pid = pid or os.getpid()
    total = _rss_of(pid)
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        children = []
    return total + sum(process_tree_rss(int(c)) for c in children)


class MemoryGuard:
    """Interrupts the main thread when memory passes ``limit``; see the module docstring."""

    def __init__(
        self,
        limit: int | None = None,
        every: float = 0.5,
        measure: Callable[[], int] = process_tree_rss,
        interrupt: Callable[[], None] = _thread.interrupt_main,
    ):
        self.limit = memory_limit() if limit is None else limit
        self.every, self._measure, self._interrupt = every, measure, interrupt
        self.peak = 0
        self.exceeded = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="esq-memory-guard", daemon=True)

    def _watch(self) -> None:
        while not self._stop.wait(self.every):
            used = self._measure()
            self.peak = max(self.peak, used)
            if used > self.limit:
                self.exceeded = True
                self._interrupt()
                return

    @property
    def message(self) -> str:
        gib = 1 << 30
        return (
            f"the run used {self.peak / gib:.1f} GiB, past the memory limit of "
            f"{self.limit / gib:.1f} GiB, and was stopped; nothing was published. Run fewer "
            "sources (--source), or raise ESQ_MEMORY_LIMIT if the machine has the memory"
        )

    def check(self) -> None:
        """Raise MemoryLimitExceeded when the limit was passed."""
        if self.exceeded:
            raise MemoryLimitExceeded(self.message)

    def __enter__(self) -> MemoryGuard:
        self._thread.start()
        return self

    def __exit__(self, exc_type: object, exc: BaseException | None, tb: object) -> None:
        self._stop.set()
        self._thread.join()
        if self.exceeded:
            raise MemoryLimitExceeded(self.message) from exc
