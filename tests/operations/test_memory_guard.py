"""A run that outgrows its memory limit stops with a message instead of exhausting the machine."""

from __future__ import annotations

import time

import pytest

from esq import memory_guard
from esq.memory_guard import (
    MemoryGuard,
    MemoryLimitExceeded,
    memory_limit,
    release_freed_memory,
    rss_bytes,
)


def test_growth_past_the_limit_stops_the_work_with_a_message() -> None:
    limit = rss_bytes() + (64 << 20)
    hoard: list[bytearray] = []
    stopped = pytest.raises(MemoryLimitExceeded, match=r"passed \d+\.\d GiB \(ESQ_MAX_MEMORY\)")
    with stopped, MemoryGuard(limit, interval=0.02):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:  # bounded: 60 s, 512 MiB at most
            if len(hoard) < 512:
                hoard.append(bytearray(1 << 20))  # touched pages: resident
            time.sleep(0.005)
    # the loop never ends by itself before its deadline: only the guard stopped it
    hoard.clear()


@pytest.mark.skipif(memory_guard._malloc_trim() is None, reason="not glibc: nothing to trim")
def test_memory_a_step_freed_goes_back_to_the_system() -> None:
    """Blocks freed under one still in use stay resident until released (glibc keeps them)."""
    blocks = [bytes(64 << 10) for _ in range(4096)]  # 256 MiB in heap-sized blocks
    kept = [bytes(64 << 10) for _ in range(8)]  # in use above them: the heap cannot shrink
    del blocks
    before = rss_bytes()
    release_freed_memory()
    assert before - rss_bytes() > 128 << 20
    assert len(kept) == 8


def test_work_within_the_limit_is_untouched() -> None:
    with MemoryGuard(rss_bytes() + (1 << 30), interval=0.01) as guard:
        data = bytearray(8 << 20)
        time.sleep(0.1)
    assert not guard.tripped and guard.peak >= len(data)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("3", 3 << 30), ("0.5", 1 << 29), (None, None), ("lots", "must be a number"), ("0", "more")],
)
def test_the_limit_comes_from_esq_max_memory(value, expected) -> None:
    env = {} if value is None else {"ESQ_MAX_MEMORY": value}
    if isinstance(expected, str):
        with pytest.raises(ValueError, match=expected):
            memory_limit(env)
    elif expected is None:
        assert 0 < memory_limit(env) < 2**50  # 80 % of the machine
    else:
        assert memory_limit(env) == expected
