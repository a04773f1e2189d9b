"""The synthetic contracts entry is what its script writes, and says it is synthetic."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

from tests.shared_data import REPO_ROOT

ENTRY = REPO_ROOT / "sample" / "landing" / "seao-contrats-synthetique"


def _script():
    path = REPO_ROOT / "scripts" / "make_synthetic_contracts.py"
    spec = importlib.util.spec_from_file_location("make_synthetic_contracts", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def test_committed_entry_is_reproducible(tmp_path: Path) -> None:
    _script().main(["--out", str(tmp_path)])
    assert _tree(tmp_path / "seao-contrats-synthetique") == _tree(ENTRY)


def test_entry_is_labelled_synthetic() -> None:
    (manifest,) = ENTRY.glob("*/manifest.json")
    files = json.loads(manifest.read_text("utf-8"))["files"]
    assert all("SYNTHETIC" in f["params"]["origin"] for f in files)
    (data,) = ENTRY.glob("*/files/*.json")
    package = json.loads(data.read_text("utf-8"))
    assert "SYNTHETIC" in package["publisher"]["name"]
    assert all(r["tender"]["title"].endswith("(synthétique)") for r in package["releases"])
