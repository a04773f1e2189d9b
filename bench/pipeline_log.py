"""Read back the report bench/pipeline.py printed for one world (a saved log), so that a size
run earlier (the large world: one run at a time on the machine) joins the growth fit without
running it again."""

from __future__ import annotations

import re
from pathlib import Path

_HEAD = re.compile(
    r"^== (?P<label>.*?): first run (?P<w1>[\d.]+) s wall / (?P<c1>[\d.]+) s CPU, "
    r"peak (?P<p1>[\d.]+) MiB; second run (?P<w2>[\d.]+) s wall / (?P<c2>[\d.]+) s CPU, "
    r"peak (?P<p2>[\d.]+) MiB"
)
_STEP = re.compile(r"^(\S+)\s+" + r"\s+".join([r"([\d.]+)"] * 6) + r"(\s+reused)?\s*$")


def read_report(text: str) -> tuple[str, dict, dict]:
    """(label, first, second) of the first report in ``text``, in the shape ``inner`` returns:
    {"wall", "cpu", "peak", "steps": {step: [wall, peak MiB, CPU]}, "reused": [steps]}."""
    lines = iter(text.splitlines())
    for line in lines:
        head = _HEAD.match(line)
        if head:
            break
    else:
        raise ValueError("no bench/pipeline.py report in this text")
    runs = [
        {"success": True, "wall": float(head[f"w{i}"]), "cpu": float(head[f"c{i}"]),
         "peak": float(head[f"p{i}"]), "steps": {}, "reused": []}
        for i in (1, 2)
    ]  # fmt: skip
    for line in lines:
        step = _STEP.match(line)
        if step is None:
            if line.startswith("== "):
                break
            continue
        w1, c1, p1, w2, c2, p2 = (float(x) for x in step.groups()[1:7])
        runs[0]["steps"][step[1]] = [w1, p1, c1]
        runs[1]["steps"][step[1]] = [w2, p2, c2]
        if step[8]:
            runs[1]["reused"].append(step[1])
    return head["label"], runs[0], runs[1]


def read_log(path: Path) -> tuple[str, dict, dict]:
    """:func:`read_report` of a log file."""
    return read_report(Path(path).read_text(encoding="utf-8"))
