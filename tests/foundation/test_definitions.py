"""The code location loads, in-process and through the dagster command line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import dagster as dg

from pipelines.definitions import build_definitions

ROOT = Path(__file__).resolve().parents[2]


def test_definitions_are_loadable_and_complete():
    defs = build_definitions()
    dg.Definitions.validate_loadable(defs)
    graph = defs.resolve_asset_graph()
    keys = {k.to_user_string() for k in graph.get_all_asset_keys()}
    assert {
        "raw/pes-mauricie-repertoire",
        "staging/pes-mauricie-repertoire",
        "reference/municipalities",
        "core/enterprises",
        "warehouse/candidate",
        "warehouse/published",
    } <= keys
    for key in graph.get_all_asset_keys():
        node = graph.get(key)
        assert node.group_name and node.group_name != "default", key
        assert node.description, key
        assert node.kinds, key


def test_workspace_validates_with_the_dagster_cli():
    dagster = Path(sys.executable).with_name("dagster")
    out = subprocess.run(
        [str(dagster), "definitions", "validate", "-w", "workspace.yaml"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stdout + out.stderr
