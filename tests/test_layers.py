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


def test_no_test_package_shadows_a_product_package() -> None:
    """pytest imports tests/<dir>/ with an __init__.py as a top-level package named <dir>: a
    tests/warehouse/__init__.py made ``import warehouse`` find the tests, and the product's
    ``warehouse.*`` modules came from whichever checkout the venv was installed from."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    layers = config["tool"]["importlinter"]["root_packages"]
    shadowing = [name for name in layers if (ROOT / "tests" / name / "__init__.py").exists()]
    assert shadowing == []
