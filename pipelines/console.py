"""What the ``esq`` command draws: tables, progress bars on a terminal, plain lines in a log.

On a terminal (stderr is a TTY) long stages show as live bars with counts and rates; in a log or
CI (not a TTY, or ``ESQ_PROGRESS=plain``) the same progress comes out as timestamped plain lines.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Sequence
from typing import Any

from rich import box
from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Column, Table

from esq import progress as esq_progress
from esq.numbers import count

#: Seconds between two plain progress lines of one stage (a log is read later, not watched).
PLAIN_EVERY = 5.0
#: A stage's name and its bar on a terminal; the counts and rates get the rest of the line.
LABEL_WIDTH, BAR_WIDTH = 40, 12
#: Width of output that is not a terminal: wide enough that no table wraps in a log or a pipe.
PIPE_WIDTH = 1000


def console(stderr: bool = False) -> Console:
    """A console on stdout (or stderr); wide and colourless when not a terminal."""
    stream = sys.stderr if stderr else sys.stdout
    terminal = stream.isatty()
    return Console(
        file=stream,
        width=None if terminal else PIPE_WIDTH,
        color_system="auto" if terminal else None,
        soft_wrap=not terminal,
        highlight=False,
    )


def _cell(value: Any, max_width: int | None) -> str:
    text = "" if value is None else str(value).replace("\n", " ")
    if isinstance(value, bool):
        text = "yes" if value else "no"
    elif isinstance(value, int):
        text = count(value)
    if max_width and len(text) > max_width:
        return text[: max_width - 1] + "…"
    return text


def table(
    names: Sequence[str],
    rows: Sequence[Sequence[Any]],
    max_width: int | None = 40,
    title: str | None = None,
) -> Table:
    """A table of rows; numbers right-aligned with thousands separators, long cells cut at
    ``max_width`` characters (``None``: never cut)."""
    numeric = [
        all(
            isinstance(r[i], int | float) and not isinstance(r[i], bool)
            for r in rows
            if r[i] is not None
        )
        and any(r[i] is not None for r in rows)
        for i in range(len(names))
    ]
    out = Table(
        title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False
    )
    for i, (name, is_number) in enumerate(zip(names, numeric, strict=True)):
        # the first column names the row (a source id): never cut or folded
        first = max([len(name)] + [len(_cell(r[0], max_width)) for r in rows]) if i == 0 else None
        out.add_column(
            name,
            justify="right" if is_number else "left",
            overflow="fold",
            no_wrap=i == 0,
            min_width=first,
        )
    for row in rows:
        out.add_row(*(_cell(v, max_width) for v in row))
    out.caption = f"{count(len(rows))} row{'s' if len(rows) != 1 else ''}"
    out.caption_justify = "left"
    return out


def _detail(p: esq_progress.Progress) -> str:
    return p.line().split(": ", 1)[-1]


def _fit(text: str, width: int) -> str:
    """``text`` cut to ``width`` characters with an ellipsis (a bar line never wraps)."""
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


class RunDisplay:
    """Draws a run's progress: one overall bar of Dagster steps and one bar per long stage."""

    def __init__(self, out: Console):
        self.out = out
        plain = os.environ.get("ESQ_PROGRESS") == "plain"
        self.live = out.is_terminal and not plain
        self.bars = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}", style="bold", table_column=Column(no_wrap=True)),
            BarColumn(bar_width=BAR_WIDTH),
            TimeElapsedColumn(),
            TextColumn("{task.fields[detail]}", table_column=Column(no_wrap=True)),
            console=out,
            transient=False,
            disable=not self.live,
        )
        self.steps: TaskID | None = None
        self.tasks: dict[int, TaskID] = {}
        self.last_plain: dict[int, float] = {}
        self._stop_watching = lambda: None

    def __enter__(self) -> RunDisplay:
        self.bars.start()
        self._stop_watching = esq_progress.watch(self.on_progress)
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop_watching()
        if self.steps is not None:
            done = int(self.bars.tasks[self.steps].completed)
            self.bars.update(self.steps, detail=f"{done} steps done")
        self.bars.stop()

    def say(self, text: str, style: str = "") -> None:
        """A line above the bars (or in the log)."""
        if self.live:
            self.bars.console.print(text, style=style)
        else:
            self.out.print(f"{time.strftime('%H:%M:%S')} {text}", style=style)

    def on_plan(self, steps: int) -> None:
        if self.live:
            self.steps = self.bars.add_task("pipeline steps", total=steps, detail="")
        else:
            self.say(f"running {count(steps)} steps")

    def on_event(self, entry: Any) -> None:
        """A Dagster event log entry: step progress, warnings and errors of the run."""
        event = entry.dagster_event
        if event is None:
            if entry.level >= 30:  # logging.WARNING
                where = (entry.step_key or "").replace("__", "/")
                self.say(f"warning: {where}: {entry.user_message}", "yellow")
            return
        kind = event.event_type_value
        step = (entry.step_key or "").replace("__", "/")
        if self.steps is not None:
            task = self.bars.tasks[self.steps]
            if kind == "STEP_START":
                done, total = int(task.completed), int(task.total or 0)
                room = self.out.width - LABEL_WIDTH - BAR_WIDTH - 16
                self.bars.update(self.steps, detail=_fit(f"{done} of {total} · {step}", room))
            elif kind in ("STEP_SUCCESS", "STEP_FAILURE", "STEP_SKIPPED"):
                self.bars.advance(self.steps)
        if kind == "STEP_FAILURE":
            self.say(f"failed: {step}: {_failure(event)}", "bold red")

    def on_progress(self, p: esq_progress.Progress, finished: bool) -> None:
        key = id(p)
        if self.live:
            if key not in self.tasks:
                label = _fit(p.label, LABEL_WIDTH)
                self.tasks[key] = self.bars.add_task(label, total=p.total, detail="")
            task = self.tasks[key]
            room = self.out.width - LABEL_WIDTH - BAR_WIDTH - 16  # spinner, time, gaps
            detail = _fit(_detail(p) + (f" — {p.note}" if finished and p.note else ""), room)
            if finished:
                self.bars.update(task, total=p.done_amount or 1, completed=p.done_amount or 1)
            else:
                self.bars.update(task, total=p.total, completed=p.done_amount)
            self.bars.update(task, detail=detail)
            return
        now = time.monotonic()
        if finished:
            self.say(f"{p.label}: {_detail(p)}" + (f" — {p.note}" if p.note else ""))
        elif now - self.last_plain.setdefault(key, now) >= PLAIN_EVERY:
            self.last_plain[key] = now
            self.say(f"{p.label}: {_detail(p)}")


def _failure(event: Any) -> str:
    error = getattr(event.event_specific_data, "error", None)
    if error is None:
        return "see the Dagster run log"
    message = (error.message or "").strip().splitlines()
    return message[-1] if message else error.cls_name or "error"
