"""This process's own figures, for benchmarks run in a fresh subprocess: peak RSS and CPU time."""

from __future__ import annotations

import resource
from pathlib import Path


def status_mib(field: str) -> float:
    """A ``/proc/self/status`` figure in MiB (``VmHWM``, ``VmRSS``); NaN where there is none."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def peak_rss_mib() -> float:
    """The process's peak resident set (``VmHWM``) in MiB."""
    return status_mib("VmHWM")


def cpu_seconds() -> float:
    """User + system CPU seconds of every thread of this process (DuckDB's included)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def children_cpu_seconds() -> float:
    """User + system CPU seconds of this process's finished children (a second process that
    normalised some values for it)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime
