"""A run that cannot fit in memory stops with a message, not by exhausting the machine."""

from __future__ import annotations

import time

import pytest

from esq.memory import MemoryGuard, MemoryLimitExceeded, parse_size
from pipelines.cli import main


@pytest.mark.parametrize(
    ("text", "size"), [("12GiB", 12 << 30), ("800 MiB", 800 << 20), ("1000", 1000), ("2GB", 2e9)]
)
def test_sizes(text, size):
    assert parse_size(text) == size


def test_the_guard_interrupts_work_past_the_limit():
    started = time.monotonic()
    with (
        pytest.raises(MemoryLimitExceeded, match="past the memory limit") as err,
        MemoryGuard(limit=100, every=0.05, measure=lambda: 200),
    ):
        for _ in range(200):  # work that would go on for 10 s
            time.sleep(0.05)
    assert time.monotonic() - started < 2
    assert "ESQ_MEMORY_LIMIT" in str(err.value)


def test_esq_run_past_the_limit_stops_with_a_message(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ESQ_MEMORY_LIMIT", "1MiB")
    started = time.monotonic()
    assert main(["--home", str(tmp_path / "home"), "--mode", "replay", "run"]) == 2
    assert time.monotonic() - started < 60
    err = capsys.readouterr().err
    assert "past the memory limit of 0.0 GiB" in err and "nothing was published" in err
    assert not (tmp_path / "home" / "published").exists()
