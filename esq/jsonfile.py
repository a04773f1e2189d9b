"""Small JSON state files (status, budgets, markers), read and written atomically.

Apart from esq.store so that what only needs a JSON file (the retry budget in `esq run`'s
pre-flight) does not import pandas with it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any


def write_json(path: Path, data: Any) -> Path:
    """Write ``data`` as JSON through a temporary file renamed into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n", "utf-8")
    os.replace(tmp, path)
    return path


def read_json(path: Path, default: Any = None) -> Any:
    """An optional JSON file (drift marker, schema baseline, status): ``default`` when absent."""
    if not path.is_file():
        return default
    return json.loads(path.read_text("utf-8"))
