"""Run a pure normaliser over many distinct values in a second process, while this one works on.

Pipeline steps run one at a time in one process (Dagster's in-process executor), so a 2-core
box leaves a core idle during the register's staging. Its heaviest normaliser, the names
(~775 000 mostly distinct values at 2.5 M register entities), is handed to a child process
while the parent normalises the other fields.

The child is a plain ``python -m esq.normalise.offload``: no fork of a large, threaded parent
(DuckDB, Dagster) and no re-import of the parent's ``__main__``. It reads the function's name
and the distinct values from a pipe and writes back the results, both pickled. If anything goes
wrong in the child, the parent computes the values itself: the outcome never depends on the
second process, only the time does.
"""

from __future__ import annotations

import importlib
import logging
import os
import pickle
import subprocess
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, Generic, TypeVar

T = TypeVar("T")
_log = logging.getLogger(__name__)
#: Results per pickle written by the child.
CHUNK = 20_000
_PACKAGE_ROOT = str(Path(__file__).resolve().parent.parent.parent)


def _child_env() -> dict[str, str]:
    """This process's environment, with the folder holding ``esq`` first on the path."""
    env = dict(os.environ)
    paths = [_PACKAGE_ROOT, *filter(None, env.get("PYTHONPATH", "").split(os.pathsep))]
    env["PYTHONPATH"] = os.pathsep.join(paths)
    return env


class Offloaded(Generic[T]):
    """``[fn(v) for v in values]`` computed in a child process; ``result()`` waits for it.

    ``fn`` must be pure and importable by name (a module-level function); ``values`` should be
    distinct (the child does not deduplicate) and picklable, and so must the results.
    """

    def __init__(self, fn: Callable[[object], T], values: Sequence[object]):
        self.fn, self.values = fn, values
        self._error: BaseException | None = None
        try:
            self._proc: subprocess.Popen[bytes] | None = subprocess.Popen(
                [sys.executable, "-m", "esq.normalise.offload"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                env=_child_env(),
            )
        except OSError as exc:
            self._proc, self._error = None, exc
            return
        # Written from a thread: the pipe holds 64 KiB and the parent has its own work to do.
        self._writer = threading.Thread(target=self._send, args=(self._proc,), daemon=True)
        self._writer.start()

    def __enter__(self) -> Offloaded[T]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the child if it still runs (the parent failed before asking for the result: a
        child left writing to a pipe nobody reads would wait for ever)."""
        proc = self._proc
        if proc is None:
            return
        self._proc = None
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()
        self._writer.join()

    def _send(self, proc: subprocess.Popen[bytes]) -> None:
        assert proc.stdin is not None
        try:
            with proc.stdin as pipe:
                job = (self.fn.__module__, self.fn.__qualname__, list(self.values))
                pickle.dump(job, pipe, protocol=pickle.HIGHEST_PROTOCOL)
        except (OSError, pickle.PicklingError) as exc:
            self._error = exc

    def _receive(self, pipe: IO[bytes]) -> list[T]:
        out: list[T] = []
        while len(out) < len(self.values):
            out.extend(pickle.load(pipe))
        return out

    def result(self) -> list[T]:
        """The results, in the order of ``values`` (computed here if the child failed)."""
        proc, self._proc = self._proc, None
        if proc is not None:
            assert proc.stdout is not None
            try:
                out = self._receive(proc.stdout)
            except (EOFError, OSError, pickle.UnpicklingError) as exc:
                self._error = self._error or exc
                out = None
            finally:
                proc.stdout.close()
                self._writer.join()
                returncode = proc.wait()
            if out is not None and returncode == 0 and len(out) == len(self.values):
                return out
            self._error = self._error or RuntimeError(f"child exited with {returncode}")
        _log.warning("second process failed (%s); computing %d values here", self._error,
                     len(self.values))  # fmt: skip
        return [self.fn(v) for v in self.values]


def _main() -> None:
    """The child: read ``(module, function, values)``, write the results."""
    module, name, values = pickle.load(sys.stdin.buffer)
    fn = getattr(importlib.import_module(module), name)
    # In chunks: the results of ~775 000 names held whole would double the child's memory.
    for start in range(0, len(values), CHUNK):
        out = [fn(v) for v in values[start : start + CHUNK]]
        pickle.dump(out, sys.stdout.buffer, protocol=pickle.HIGHEST_PROTOCOL)
    sys.stdout.buffer.flush()


if __name__ == "__main__":
    _main()
