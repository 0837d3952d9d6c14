# The two commands of the README:
#   make demo   set up (first time) and run the main job on the embedded default
#   make test   set up (first time) and run the whole test suite with lint and types
# Everything else here is what those two need.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

export DO_NOT_TRACK := 1
export PREFECT_SERVER_ANALYTICS_ENABLED := false

.PHONY: demo test setup lint clean bench

demo: $(STAMP)
	@$(BIN)/ipflow demo $(ARGS)

test: $(STAMP)
	@bash scripts/test.sh

setup: $(STAMP)

$(STAMP): pyproject.toml
	@bash scripts/setup.sh "$(PYTHON)" "$(VENV)"
	@touch $(STAMP)

lint: $(STAMP)
	@$(BIN)/ruff check ipflow flows tests bench
	@$(BIN)/ruff format --check ipflow flows tests bench
	@$(BIN)/mypy

bench: $(STAMP)
	@for b in bench/bench_*.py; do $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
