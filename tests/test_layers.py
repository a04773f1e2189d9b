"""The folders are the flow: each layer imports only from the layers below it (DESIGN §4b).

The contracts live in pyproject.toml ([tool.importlinter]); this test makes an upward import,
an import of the evaluation package from the product, or Dagster in pure logic fail CI.
"""

from __future__ import annotations

from pathlib import Path

from importlinter.application.use_cases import lint_imports

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_are_kept(monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    assert (
        lint_imports(config_filename=str(ROOT / "pyproject.toml")) == 0
    )  # 0 = every contract kept
