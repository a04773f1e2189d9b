# The two set-up commands of the README: `make run` and `make test`.
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
ESQ_HOME ?= $(CURDIR)/data
export ESQ_HOME

.PHONY: install run test check-defs dev lint format sample bench clean

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "need $(PYTHON) (or: make PYTHON=python3)"; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	@echo "Installing esq and its dependencies (dagster, duckdb, splink, pandas...) into $(VENV)/."
	@echo "The first time this takes 1 to 2 minutes (about 770 MB in $(VENV)/); later runs skip it."
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --progress-bar on -e '.[dev]'
	@touch $@

install: $(VENV)/.installed

## Run the whole pipeline on the bundled offline sample (replay mode) into $(ESQ_HOME).
run: install
	$(BIN)/esq run

## Run the whole test suite.
test: install
	$(BIN)/pytest

## Check that the Dagster definitions load (the code location the UI and daemon serve).
check-defs: install
	$(BIN)/python -c "import dagster as dg; from pipelines.definitions import defs; dg.Definitions.validate_loadable(defs); print('definitions load: OK')"

## Open the Dagster UI on http://127.0.0.1:3000 (runs kept under $(ESQ_HOME)/dagster).
dev: install
	mkdir -p $(ESQ_HOME)/dagster
	DAGSTER_HOME=$(ESQ_HOME)/dagster $(BIN)/dagster dev -w workspace.yaml

lint: install
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format . && $(BIN)/ruff check --fix .

## Regenerate the synthetic part of the bundled sample.
sample: install
	$(BIN)/python scripts/make_sample.py

clean:
	rm -rf $(ESQ_HOME) .pytest_cache
