"""The sample generator is deterministic and the committed sample is what it writes."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from contracts_shared_data import REPO, SAMPLE, shared_real

SOURCES = ("seao-contrats", "montreal-contrats-conseil", "montreal-contrats-fonctionnaires")


def _load_script():
    path = REPO / "scripts" / "make_contracts_sample.py"
    spec = importlib.util.spec_from_file_location("make_contracts_sample", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for source in SOURCES
        for p in sorted((root / source).rglob("*"))
        if p.is_file()
    }


def test_sample_is_reproducible_and_small(tmp_path: Path, monkeypatch) -> None:
    shared = shared_real("seao").parents[2]
    monkeypatch.setenv("ESQ_SHARED", str(shared))
    _load_script().main(["--out", str(tmp_path)])
    written = _tree(tmp_path)
    assert written == _tree(SAMPLE)  # committed sample is up to date, byte for byte
    assert sum(len(b) for b in written.values()) < 1_000_000
