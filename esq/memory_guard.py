"""Stop a run that outgrows the machine, with a message, before it exhausts it.

A hub export far larger than expected can make a step's memory grow until the kernel kills
the process (or the whole machine swaps). The guard watches the process's resident memory
from a thread and, past the limit, interrupts the main thread; the caller then reports
``MemoryLimitExceeded`` saying how much was used and how to raise the limit.
"""

from __future__ import annotations

import _thread
import ctypes
import ctypes.util
import gc
import os
import threading
from collections.abc import Callable, Mapping
from functools import cache
from types import TracebackType

_PAGE = os.sysconf("SC_PAGE_SIZE")


class MemoryLimitExceeded(RuntimeError):
    """The run passed its memory limit and was stopped."""


def rss_bytes() -> int:
    """Resident memory of this process (Linux /proc; 0 where unavailable)."""
    try:
        with open("/proc/self/statm", "rb") as handle:
            return int(handle.read().split()[1]) * _PAGE
    except (OSError, IndexError, ValueError):
        return 0


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim`` (None on other C libraries); looked up on first use, not at
    import (``find_library`` may run ``ldconfig``)."""
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return None


def release_freed_memory() -> None:
    """Hand the memory a finished step freed back to the system.

    Every step runs in one process (Dagster's in-process executor). glibc keeps what a step
    freed in its heaps, fragmented among the blocks still in use, and the next step's large
    buffers (numpy arrays past the mmap threshold, DuckDB's own allocator) cannot reuse it: the
    process's resident memory was the sum of the steps' leftovers plus the current step.
    ``malloc_trim(0)`` returns every free page of every heap; the cycle collector first frees
    what only reference cycles (frames, tracebacks) still held.
    """
    gc.collect()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


def machine_memory() -> int:
    """Physical memory of the machine in bytes."""
    return os.sysconf("SC_PHYS_PAGES") * _PAGE


def memory_limit(env: Mapping[str, str] | None = None) -> int:
    """ESQ_MAX_MEMORY in GiB (e.g. "3" or "2.5"), else 80 % of the machine's memory."""
    raw = (os.environ if env is None else env).get("ESQ_MAX_MEMORY")
    if not raw:
        return int(machine_memory() * 0.8)
    try:
        gib = float(raw)
    except ValueError as exc:
        raise ValueError(f"ESQ_MAX_MEMORY must be a number of GiB, not {raw!r}") from exc
    if gib <= 0:
        raise ValueError("ESQ_MAX_MEMORY must be more than 0 GiB")
    return int(gib * (1 << 30))


class MemoryGuard:
    """``with MemoryGuard(limit):`` interrupts the main thread once RSS passes ``limit``.

    After the block, ``tripped`` says whether it fired and ``peak`` is the largest RSS seen;
    ``check()`` raises MemoryLimitExceeded when it fired.
    """

    def __init__(self, limit: int, interval: float = 0.25):
        self.limit, self.interval = limit, interval
        self.tripped, self.peak = False, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="esq-memory-guard", daemon=True)

    def _watch(self) -> None:
        while not self._stop.wait(self.interval):
            rss = rss_bytes()
            self.peak = max(self.peak, rss)
            if rss > self.limit and not self.tripped:
                self.tripped = True
                _thread.interrupt_main()  # KeyboardInterrupt in the run: steps stop cleanly
                return

    def __enter__(self) -> MemoryGuard:
        self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> bool:
        self._stop.set()
        self._thread.join()
        if self.tripped and (kind is None or issubclass(kind, KeyboardInterrupt)):
            raise MemoryLimitExceeded(self.message()) from None
        return False

    def message(self) -> str:
        """What happened and how to allow more memory."""
        return (
            f"the run was stopped: its memory passed {self.limit / (1 << 30):.1f} GiB "
            "(ESQ_MAX_MEMORY). Nothing was published; the previous publication is intact. "
            "Look for a source far larger than usual in the run log, or raise ESQ_MAX_MEMORY."
        )
