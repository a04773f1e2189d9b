"""One retry budget per source and run: HTTP retries and Dagster retries together.

A dead source must not hold a run for minutes: the first attempt of a run fixes a wall-clock
deadline (kept in ESQ_HOME/state/budget/<source_id>.json, so a retry in another process finds
it); the HTTP client makes no retry past it and the raw step asks Dagster for another attempt
only while enough of it remains. Then the source is stale and the run goes on.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from esq.config import Settings
from esq.jsonfile import read_json, write_json

#: Seconds of budget an attempt needs to be worth starting (one request and its answer).
MIN_ATTEMPT = 5.0


def source_deadline(
    settings: Settings,
    source_id: str,
    run_id: str,
    seconds: float,
    wall: Callable[[], float] = time.time,
) -> float:
    """The wall-clock deadline of ``source_id`` in run ``run_id`` (set by its first attempt)."""
    path = settings.layout.budget(source_id)
    record = read_json(path, {}) or {}
    if record.get("run_id") == run_id and "deadline" in record:
        return float(record["deadline"])
    deadline = wall() + seconds
    write_json(path, {"run_id": run_id, "deadline": deadline, "seconds": seconds})
    return deadline


def worth_retrying(deadline: float, delay: float, wall: Callable[[], float] = time.time) -> bool:
    """Whether another attempt after ``delay`` seconds still fits in the budget."""
    return deadline - wall() > delay + MIN_ATTEMPT
