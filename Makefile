# Two commands on a fresh clone: `make run` (service on SQLite) and `make test` (whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test install install-dev lint typecheck pytest schema quality bench wrk clean
# The offline GraphiQL IDE's files (npm tarballs pinned in the lock, integrity-checked;
# gitignored). Standard library only, so it runs before the virtualenv exists.
IDE_ASSETS := service/static/ide/.stamp

# A failed fetch (offline machine) is reported but does not stop `make run`: the API works
# without the IDE, GET /graphql then says how to install it, and its tests fail under CI.
$(IDE_ASSETS): scripts/fetch_ide_assets.py scripts/ide-assets.lock.json
	-$(PYTHON) scripts/fetch_ide_assets.py

$(VENV)/.runtime: pyproject.toml | $(IDE_ASSETS)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.dev: pyproject.toml examples/truthlens-readability/pyproject.toml | $(IDE_ASSETS)
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

install: $(VENV)/.runtime $(IDE_ASSETS)
install-dev: $(VENV)/.dev $(IDE_ASSETS)

run: $(VENV)/.runtime $(IDE_ASSETS)
	$(BIN)/truthlens serve

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(VENV)/.dev
	$(BIN)/python scripts/typecheck.py

pytest: $(VENV)/.dev $(IDE_ASSETS)
	$(BIN)/python -m pytest

test: lint typecheck pytest

# The quality table of issue 3 on ../shared/data; e.g. QUALITY_ARGS="--only summary --limit 20".
quality: $(VENV)/.bench
	$(BIN)/python benchmarks/quality.py $(QUALITY_ARGS)
	$(BIN)/python benchmarks/sentence_split.py

# The speed, cost and scale tables of issue 7 (README "Performance"); about 12 minutes on
# 2 cores. Needs ../shared/data and PostgreSQL on 127.0.0.1:5432 (user postgres, trust).
# The read benchmark drives the servers with Debian's wrk, installed here when missing.
bench: $(VENV)/.bench wrk
	$(BIN)/python benchmarks/speed_pipeline.py
	$(BIN)/python benchmarks/query_count.py
	$(BIN)/python benchmarks/read_load.py
	$(BIN)/python benchmarks/read_load.py --postgres --workers 1 --only "home list,single score"
	$(BIN)/python benchmarks/read_load.py --postgres --workers 2 --only "home list,single score"
	$(BIN)/python benchmarks/ingest.py
	$(BIN)/python benchmarks/startup.py

wrk:
	@command -v wrk >/dev/null || { apt-get update -q && apt-get install -y -q wrk; } \
		|| { echo "make bench needs wrk: apt-get install wrk" >&2; exit 1; }

schema: $(VENV)/.dev
	$(BIN)/truthlens export-schema > schema/schema.graphql

clean:
	rm -rf $(VENV) .mypy_tree .pytest_cache .mypy_cache .ruff_cache build *.egg-info service/static/ide
