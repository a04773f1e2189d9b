"""Extract ZIP members to files one step ahead of their consumer, in a background thread.

Decompressing and writing a member (``zip_inflate.copy_member``) costs a fraction of DuckDB's
parse of it; doing it in a thread while DuckDB loads the previous member hides most of it
(ISA-L or zlib inflate and file writes release the GIL). At most two extracted members wait
on disk at any time.
"""

from __future__ import annotations

import contextlib
import queue
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from esq.register.zip_inflate import InflateBudget, copy_member

_DONE = object()


def _extract_one(
    zf: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    folder: Path,
    stop: threading.Event,
    budget: InflateBudget,
) -> Path:
    target = folder / PurePosixPath(info.filename).name
    try:
        with target.open("wb") as dst:
            copy_member(zf, info, dst, stop, budget)
    except BaseException:
        target.unlink(missing_ok=True)  # never leave a bomb's output on disk
        raise
    return target


def extract_ahead(
    zip_path: Path,
    members: list[zipfile.ZipInfo],
    folder: Path,
    budget: InflateBudget | None = None,
) -> Iterator[tuple[zipfile.ZipInfo, Path]]:
    """Yield ``(member, extracted file)`` in the order given, extracting ahead in a thread.

    An extraction error (corrupt data, CRC mismatch, full disk, a member past the budget's
    size or ratio caps) is raised in the consumer when it reaches that member. Closing the
    iterator early stops the thread.
    """
    budget = budget if budget is not None else InflateBudget()
    ready: queue.Queue[object] = queue.Queue(maxsize=1)
    stop = threading.Event()

    def work() -> None:
        try:
            with zipfile.ZipFile(zip_path) as zf:
                for info in members:
                    if stop.is_set():
                        return
                    ready.put((info, _extract_one(zf, info, folder, stop, budget)))
        except BaseException as exc:  # handed to the consumer, which raises it
            ready.put(exc)
        else:
            ready.put(_DONE)

    thread = threading.Thread(target=work, name="req-zip-extract", daemon=True)
    thread.start()
    try:
        while (item := ready.get()) is not _DONE:
            if isinstance(item, BaseException):
                raise item
            yield item  # type: ignore[misc]
    finally:
        stop.set()
        while thread.is_alive():  # unblock a producer waiting on a full queue
            with contextlib.suppress(queue.Empty):
                ready.get(timeout=0.05)
        thread.join()
