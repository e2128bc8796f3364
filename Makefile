# Two commands on a fresh clone: `make run` (service on SQLite) and `make test` (whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test install install-dev lint typecheck pytest schema quality clean

$(VENV)/.runtime: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.dev: pyproject.toml examples/truthlens-readability/pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	# The example partner plugin: the tests prove it is discovered through its entry point.
	$(BIN)/python -m pip install --quiet -e examples/truthlens-readability
	touch $@ $(VENV)/.runtime

# The quality harness's extra (rouge-score, scikit-learn), on top of the dev install.
$(VENV)/.bench: $(VENV)/.dev pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	touch $@

install: $(VENV)/.runtime
install-dev: $(VENV)/.dev

run: $(VENV)/.runtime
	$(BIN)/truthlens serve

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(VENV)/.dev
	$(BIN)/python scripts/typecheck.py

pytest: $(VENV)/.dev
	$(BIN)/python -m pytest

test: lint typecheck pytest

# The quality table of issue 3 on ../shared/data; e.g. QUALITY_ARGS="--only summary --limit 20".
quality: $(VENV)/.bench
	$(BIN)/python benchmarks/quality.py $(QUALITY_ARGS)

schema: $(VENV)/.dev
	$(BIN)/truthlens export-schema > schema/schema.graphql

clean:
	rm -rf $(VENV) .mypy_tree .pytest_cache .mypy_cache .ruff_cache build *.egg-info
