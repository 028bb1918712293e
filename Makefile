# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test check venv schema validate bench clean git-setup

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,bench,dev]'
	touch $(STAMP)

venv: $(STAMP)

run: $(STAMP)
	$(BIN)/annotator

test: $(STAMP)
	$(BIN)/python -m pytest -q

# Lint, type-check (mypy --strict over annotator and tests) and the layer contracts (CI runs this).
check: $(STAMP)
	$(BIN)/ruff check annotator tests bench
	$(BIN)/ruff format --check annotator tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

validate: $(STAMP)
	$(BIN)/annotator validate

schema: $(STAMP)
	$(BIN)/annotator schema

# Merge annotation files span by span in this clone (git keeps config out of clones).
git-setup: $(STAMP)
	$(BIN)/annotator git-setup

bench: $(STAMP)
	$(BIN)/python bench/bench_corpus.py
	$(BIN)/python bench/bench_validate.py
	$(BIN)/python bench/bench_article_view.py
	$(BIN)/python bench/bench_reanchor.py
	$(BIN)/python bench/bench_agree.py
	$(BIN)/python bench/bench_large.py
	$(BIN)/python bench/bench_app_scale.py
	$(BIN)/python bench/bench_corpus_app.py
	$(BIN)/python bench/bench_undo_memory.py
	$(BIN)/python bench/bench_wrap_scripts.py
	$(BIN)/python bench/bench_picker.py
	$(BIN)/python bench/bench_registry_usage.py

clean:
	rm -rf $(VENV) .pytest_cache
