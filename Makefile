# The two commands a fresh machine needs: `make run` (the chat page) and `make test` (see README.md).
PY ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
Q ?= Qu'est-ce que l'opération Turquesa ?

.PHONY: install run ask ui index test check eval compare bench scale clean

# torch is installed first and pinned: 2.13.0 is a local CPU wheel, anything else pulls CUDA.
$(BIN)/assistant: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(BIN)/assistant

run: install  ## set up, build the index if needed, start the chat page (http://127.0.0.1:7860)
	$(BIN)/assistant ui

ask: install  ## one question from the shell (Q="...")
	$(BIN)/assistant ask "$(Q)"

index: install
	$(BIN)/assistant index

test: install check  ## set up, then lint, type-check, test and run the quality gate
	$(BIN)/assistant eval --gate

check:
	$(BIN)/ruff check assistant ui tests
	$(BIN)/ruff format --check assistant ui tests
	$(BIN)/mypy
	$(BIN)/pytest -q

eval: install
	$(BIN)/assistant eval

compare: install
	$(BIN)/assistant eval --compare

clean:
	rm -rf $(VENV) index/data

bench: install  ## model load, index build and query times, peak memory
	$(BIN)/python eval/bench.py

scale: install  ## synthetic 10x-1000x corpora: build time, index size, warm ask, memory
	$(BIN)/python eval/scale.py
